package io.clouddiagnoze.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.emulator.support.AwsClients;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Object storage in the platform's own buckets, through the real SDK: what an archive of old scans writes and reads. */
class S3ObjectsContractTest {
    private static AwsClients platform;
    private static AwsClients tenant;
    private static S3Client s3;

    @BeforeAll
    static void clients() {
        platform = AwsClients.platform(Region.US_EAST_1);
        tenant = AwsClients.demoTenant(Region.US_EAST_1);
        s3 = platform.s3();
    }

    @AfterAll
    static void close() {
        platform.close();
        tenant.close();
    }

    @Test
    void anObjectPutIsReadBackByteForByteWithItsMd5AsETagAndDeletedForGood() throws Exception {
        String bucket = newBucket();
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        String key = "tenants/7/scan-runs/12 (ec2)+.jsonl.gz";

        String etag = s3.putObject(request -> request.bucket(bucket).key(key).contentType("application/gzip"),
                RequestBody.fromBytes(content)).eTag();

        assertThat(etag).isEqualTo("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"");
        assertThat(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray()).isEqualTo(content);
        assertThat(s3.headObject(request -> request.bucket(bucket).key(key)).contentLength()).isEqualTo(content.length);

        s3.deleteObject(request -> request.bucket(bucket).key(key));
        assertThatThrownBy(() -> s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aListingPagesThroughAPrefixInKeyOrderAndRollsUpWhatLiesBelowADelimiter() {
        String bucket = newBucket();
        for (String key : List.of("tenants/7/b", "tenants/7/a", "tenants/8/a", "tenants/7/c/d", "tenants/70/a", "the manifest.json")) {
            s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(key, StandardCharsets.UTF_8));
        }

        List<String> paged = s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("tenants/7/").maxKeys(2))
                .contents().stream().map(S3Object::key).toList();
        assertThat(paged).containsExactly("tenants/7/a", "tenants/7/b", "tenants/7/c/d");

        // As the AWS CLI lists a bucket's top: an empty prefix, and keys url-encoded on the wire.
        ListObjectsV2Response top = s3.listObjectsV2(request -> request.bucket(bucket).prefix("").delimiter("/")
                .encodingType(EncodingType.URL));
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("the manifest.json");
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("tenants/");
        assertThat(s3.listObjectsV2(request -> request.bucket(bucket).prefix("tenants/").delimiter("/")).commonPrefixes())
                .extracting(CommonPrefix::prefix).containsExactly("tenants/7/", "tenants/70/", "tenants/8/");
    }

    @Test
    void aBucketIsItsMakersAccountsAlone() {
        String bucket = newBucket();
        assertThatThrownBy(() -> s3.createBucket(request -> request.bucket(bucket))).isInstanceOf(BucketAlreadyOwnedByYouException.class);
        assertThatThrownBy(() -> tenant.s3().listObjectsV2(request -> request.bucket(bucket))).isInstanceOf(NoSuchBucketException.class);
    }

    private static String newBucket() {
        String name = "cd-objects-" + System.nanoTime();
        s3.createBucket(request -> request.bucket(name));
        return name;
    }
}
