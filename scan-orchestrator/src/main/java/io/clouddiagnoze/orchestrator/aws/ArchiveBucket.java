package io.clouddiagnoze.orchestrator.aws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive's object storage: one S3 bucket (aws-emulator's locally), reached with the platform's own credentials from
 * the SDK's default chain and its standard endpoint settings ({@code AWS_ENDPOINT_URL}). Every key of a tenant starts
 * with {@code tenants/<tenant id>/}. Blocking calls: the retention job and restores run on worker threads.
 */
@ApplicationScoped
public class ArchiveBucket {
    private static final String TENANTS = "tenants/";

    private final S3Client s3;
    private final String bucket;
    private final boolean createIfAbsent;

    ArchiveBucket(@ConfigProperty(name = "clouddiagnoze.archive.bucket") String bucket,
                  @ConfigProperty(name = "clouddiagnoze.archive.region") String region,
                  @ConfigProperty(name = "clouddiagnoze.archive.create-bucket") boolean createIfAbsent,
                  @ConfigProperty(name = "clouddiagnoze.aws.s3-path-style", defaultValue = "false") boolean pathStyle) {
        this.s3 = S3Client.builder().region(Region.of(region)).forcePathStyle(pathStyle)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        this.bucket = bucket;
        this.createIfAbsent = createIfAbsent;
    }

    /** The key of run {@code runId}'s data object. */
    public static String dataKey(long tenantId, long runId) {
        return TENANTS + tenantId + "/scan-runs/" + runId + ".jsonl.gz";
    }

    /** The key of run {@code runId}'s manifest. */
    public static String manifestKey(long tenantId, long runId) {
        return TENANTS + tenantId + "/scan-runs/" + runId + ".manifest.json";
    }

    /** Creates the bucket where it is absent and this instance may (locally); in production it is provisioned. */
    public void prepare() {
        if (!createIfAbsent) {
            return;
        }
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(request -> request.bucket(bucket));
        }
    }

    public void put(String key, Path file, String contentType) {
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
    }

    public void put(String key, byte[] content, String contentType) {
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
    }

    /** The stored size of the object (HeadObject); NoSuchKeyException (an S3Exception) when it is absent. */
    public long size(String key) {
        return s3.headObject(request -> request.bucket(bucket).key(key)).contentLength();
    }

    /** Writes the object into {@code file}, which must not exist yet. */
    public void download(String key, Path file) {
        s3.getObject(request -> request.bucket(bucket).key(key), ResponseTransformer.toFile(file));
    }

    public void delete(String key) {
        s3.deleteObject(request -> request.bucket(bucket).key(key));
    }

    /** The tenants that have objects in the archive, by the ids in their key prefixes. */
    public List<Long> tenants() {
        List<Long> tenants = new ArrayList<>();
        s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(TENANTS).delimiter("/")).commonPrefixes().stream()
                .map(CommonPrefix::prefix).map(prefix -> prefix.substring(TENANTS.length(), prefix.length() - 1))
                .filter(id -> id.matches("[0-9]{1,18}")).forEach(id -> tenants.add(Long.parseLong(id)));
        return tenants;
    }

    /** Deletes every object of the tenant; how many. */
    public long deleteTenant(long tenantId) {
        List<String> keys = s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(TENANTS + tenantId + "/")).contents()
                .stream().map(S3Object::key).toList();
        keys.forEach(this::delete);
        return keys.size();
    }

    @PreDestroy
    void close() {
        s3.close();
    }
}
