package io.clouddiagnoze.scanner.s3;

import static io.clouddiagnoze.testsupport.AwsEmulatorTestResource.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.contracts.resources.S3Bucket.Encryption;
import io.clouddiagnoze.emulator.state.Account;
import io.clouddiagnoze.emulator.state.Bucket;
import io.clouddiagnoze.testsupport.ScannerContractTest;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** s3-scanner end to end: a request from Kafka in, the account's buckets out, through the real SDK. */
@QuarkusTest
class S3ScannerTest extends ScannerContractTest {
    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1_000_000_000L);

    S3ScannerTest() {
        super(ServiceType.S3, "s3", "ListBuckets");
    }

    @Override
    protected List<Located> expectedResources(Account account) {
        return account.buckets().stream().map(bucket -> new Located(bucket.region(), bucket.name())).toList();
    }

    @Test
    void eachBucketComesWithItsPublicAccessEncryptionVersioningAndSize() {
        List<S3Bucket> found = scanDemo(S3Bucket.class);
        Account demo = demoAccount();

        assertThat(found).hasSize(10);
        for (S3Bucket bucket : found) {
            Bucket expected = demo.bucket(bucket.bucketName()).orElseThrow();
            assertThat(bucket.encryption()).as(bucket.bucketName()).isEqualTo(expected.encryption() == null ? Encryption.NONE
                    : expected.encryption().equals("aws:kms") ? Encryption.SSE_KMS : Encryption.SSE_S3);
            assertThat(bucket.versioningEnabled()).as(bucket.bucketName()).isEqualTo("Enabled".equals(expected.versioning()));
            assertThat(bucket.publicAccessBlock()).as(bucket.bucketName()).isEqualTo(expected.publicAccessBlock() == null ? null
                    : new S3Bucket.PublicAccessBlock(expected.publicAccessBlock().blockPublicAcls(),
                            expected.publicAccessBlock().ignorePublicAcls(), expected.publicAccessBlock().blockPublicPolicy(),
                            expected.publicAccessBlock().restrictPublicBuckets()));
            assertThat(bucket.creationDate()).isEqualTo(expected.creationDate());
            assertThat(bucket.tags()).as(bucket.bucketName()).isEqualTo(expected.tags());
            // The emulated bucket has grown since its creation from the fixture's size, over all its storage types.
            BigDecimal createdGb = BigDecimal.valueOf(expected.sizeBytes()).divide(BYTES_PER_GB);
            assertThat(bucket.totalSizeGb()).as(bucket.bucketName()).isNotNull()
                    .isGreaterThan(createdGb.multiply(BigDecimal.valueOf(0.99))).isLessThan(createdGb.multiply(BigDecimal.TEN));
        }
        // A public policy counts unless RestrictPublicBuckets; a public ACL grant unless IgnorePublicAcls.
        assertThat(found).filteredOn(S3Bucket::publiclyAccessible).extracting(S3Bucket::bucketName).containsExactlyInAnyOrder(
                "cd-demo-public-website", "cd-demo-shared-assets", "cd-demo-eu-exports", "cd-demo-eu-scratch");
        // GetBucketTagging's NoSuchTagSet is a bucket without tags, not a failure.
        assertThat(found).filteredOn(bucket -> !bucket.tags().isEmpty()).extracting(S3Bucket::bucketName)
                .containsExactlyInAnyOrder("cd-demo-public-website", "cd-demo-data-lake", "cd-demo-eu-analytics");
    }

    /**
     * GetBucketPolicy read for a Deny of plain HTTP (eu-exports denies only object reads, with a JSON boolean); a bucket
     * without a policy accepts HTTP. GetBucketVersioning's MfaDelete, absent where it was never set.
     */
    @Test
    void eachBucketSaysWhetherItsPolicyRefusesPlainHttpAndWhetherDeletingVersionsNeedsMfa() {
        List<S3Bucket> found = scanDemo(S3Bucket.class);

        assertThat(found).filteredOn(S3Bucket::secureTransportRequired).extracting(S3Bucket::bucketName)
                .containsExactlyInAnyOrder("cd-demo-backups", "cd-demo-eu-analytics", "cd-demo-eu-exports");
        assertThat(found).filteredOn(S3Bucket::mfaDeleteEnabled).extracting(S3Bucket::bucketName).containsExactly("cd-demo-backups");
        assertThat(found).allSatisfy(bucket -> assertThat(bucket.secureTransportRequired()).isNotNull())
                .allSatisfy(bucket -> assertThat(bucket.mfaDeleteEnabled()).isNotNull());
    }

    /** The demo account never set its account-level block; a role that may not read it leaves it unknown, nothing else. */
    @Test
    void eachBucketSaysWhetherItsAccountBlocksPublicAccessOrThatItIsUnknown() {
        assertThat(scanDemo(S3Bucket.class)).hasSize(10).allSatisfy(bucket -> assertThat(bucket.accountBlocksPublicAccess()).isFalse());

        admin("POST", "/_emulator/faults",
                "{\"service\": \"s3\", \"operation\": \"GetAccountPublicAccessBlock\", \"type\": \"accessDenied\"}");
        List<S3Bucket> found = scanDemo(S3Bucket.class);

        assertThat(found).hasSize(10).allSatisfy(bucket -> assertThat(bucket.accountBlocksPublicAccess()).isNull());
        assertThat(found).filteredOn(S3Bucket::publiclyAccessible).hasSize(4);
    }

    @Test
    void withoutCloudWatchTheBucketsAreStillReportedWithNoSize() {
        admin("POST", "/_emulator/faults", "{\"service\": \"monitoring\", \"operation\": \"ListMetrics\", \"type\": \"accessDenied\"}");

        List<S3Bucket> found = scanDemo(S3Bucket.class);

        assertThat(found).hasSize(10).allSatisfy(bucket -> assertThat(bucket.totalSizeGb()).isNull());
        assertThat(found).filteredOn(S3Bucket::publiclyAccessible).hasSize(4);
    }
}
