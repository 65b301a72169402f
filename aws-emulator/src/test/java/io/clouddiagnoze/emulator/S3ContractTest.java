package io.clouddiagnoze.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.emulator.support.Admin;
import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Type;
import software.amazon.awssdk.services.s3control.model.S3ControlException;

class S3ContractTest {

    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

    private static AwsClients tenant;
    private static S3Client s3;

    @BeforeAll
    static void clients() {
        SharedEmulator.admin().reset();
        tenant = AwsClients.demoTenant(Region.US_EAST_1);
        s3 = tenant.s3();
    }

    @AfterAll
    static void close() {
        tenant.close();
    }

    @Test
    void listBucketsNamesEveryBucketWithItsRegion() {
        List<Bucket> buckets = s3.listBuckets().buckets();

        assertThat(buckets).hasSize(10);
        assertThat(buckets).filteredOn(bucket -> bucket.bucketRegion().equals("eu-west-1")).hasSize(4);
        assertThat(buckets).anySatisfy(bucket -> {
            assertThat(bucket.name()).isEqualTo("cd-demo-logs");
            assertThat(bucket.bucketRegion()).isEqualTo("us-east-1");
            assertThat(bucket.creationDate()).isNotNull();
        });
        List<String> paged = s3.listBucketsPaginator(request -> request.maxBuckets(3)).buckets().stream()
                .map(Bucket::name).toList();
        assertThat(paged).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void headBucketAndGetBucketLocationTellTheRegion() {
        assertThat(s3.headBucket(request -> request.bucket("cd-demo-eu-archive")).bucketRegion()).isEqualTo("eu-west-1");
        assertThat(s3.getBucketLocation(request -> request.bucket("cd-demo-eu-archive")).locationConstraintAsString())
                .isEqualTo("eu-west-1");
        // us-east-1 is the empty location constraint
        assertThat(s3.getBucketLocation(request -> request.bucket("cd-demo-logs")).locationConstraintAsString())
                .isNullOrEmpty();
    }

    @Test
    void anUnknownBucketIsNoSuchBucket() {
        assertThatThrownBy(() -> s3.headBucket(request -> request.bucket("cd-nobody-owns-this")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, error -> assertThat(error.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.getBucketAcl(request -> request.bucket("cd-nobody-owns-this")))
                .isInstanceOfSatisfying(NoSuchBucketException.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
    }

    @Test
    void encryptionIsReportedOrItsAbsenceIsA404() {
        assertThat(s3.getBucketEncryption(request -> request.bucket("cd-demo-logs"))
                .serverSideEncryptionConfiguration().rules()).singleElement().satisfies(rule ->
                assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256));
        assertThat(s3.getBucketEncryption(request -> request.bucket("cd-demo-backups"))
                .serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault())
                .satisfies(byDefault -> {
                    assertThat(byDefault.sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
                    assertThat(byDefault.kmsMasterKeyID()).startsWith("arn:aws:kms:us-east-1:111122223333:key/");
                });

        assertThatThrownBy(() -> s3.getBucketEncryption(request -> request.bucket("cd-demo-tmp")))
                .isInstanceOfSatisfying(S3Exception.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ServerSideEncryptionConfigurationNotFoundError");
                });
    }

    @Test
    void versioningIsEnabledSuspendedOrNeverSet() {
        assertThat(s3.getBucketVersioning(request -> request.bucket("cd-demo-logs")).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(s3.getBucketVersioning(request -> request.bucket("cd-demo-shared-assets")).status())
                .isEqualTo(BucketVersioningStatus.SUSPENDED);
        assertThat(s3.getBucketVersioning(request -> request.bucket("cd-demo-tmp")).status()).isNull();
    }

    @Test
    void mfaDeleteIsEnabledDisabledOrNeverSet() {
        assertThat(s3.getBucketVersioning(request -> request.bucket("cd-demo-backups")).mfaDelete()).isEqualTo(MFADeleteStatus.ENABLED);
        assertThat(s3.getBucketVersioning(request -> request.bucket("cd-demo-logs")).mfaDelete()).isEqualTo(MFADeleteStatus.DISABLED);
        assertThat(s3.getBucketVersioning(request -> request.bucket("cd-demo-data-lake")).mfaDelete()).isNull();
    }

    @Test
    void publicAccessBlockIsReportedOrItsAbsenceIsA404() {
        PublicAccessBlockConfiguration partial = s3.getPublicAccessBlock(request -> request.bucket("cd-demo-shared-assets"))
                .publicAccessBlockConfiguration();
        assertThat(partial.blockPublicAcls()).isFalse();
        assertThat(partial.ignorePublicAcls()).isFalse();
        assertThat(partial.blockPublicPolicy()).isTrue();
        assertThat(partial.restrictPublicBuckets()).isTrue();

        assertThatThrownBy(() -> s3.getPublicAccessBlock(request -> request.bucket("cd-demo-public-website")))
                .isInstanceOfSatisfying(S3Exception.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NoSuchPublicAccessBlockConfiguration");
                });
    }

    @Test
    void policyStatusTellsPublicFromPrivateAndNoPolicyIsA404() {
        assertThat(s3.getBucketPolicyStatus(request -> request.bucket("cd-demo-public-website")).policyStatus().isPublic())
                .isTrue();
        assertThat(s3.getBucketPolicyStatus(request -> request.bucket("cd-demo-backups")).policyStatus().isPublic())
                .isFalse();
        assertThatThrownBy(() -> s3.getBucketPolicyStatus(request -> request.bucket("cd-demo-logs")))
                .isInstanceOfSatisfying(S3Exception.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy");
                });
    }

    @Test
    void aBucketsTagSetIsReportedAndABucketWithoutTagsIsA404() {
        assertThat(s3.getBucketTagging(request -> request.bucket("cd-demo-public-website")).tagSet())
                .extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(tuple("Team", "web"), tuple("Environment", "prod"));

        assertThatThrownBy(() -> s3.getBucketTagging(request -> request.bucket("cd-demo-logs")))
                .isInstanceOfSatisfying(S3Exception.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NoSuchTagSet");
                });
    }

    @Test
    void aBucketPolicyIsTheDocumentTheFixtureGivesAndNoPolicyIsA404() throws Exception {
        JsonNode policy = new ObjectMapper().readTree(s3.getBucketPolicy(request -> request.bucket("cd-demo-backups")).policy());
        assertThat(policy.path("Statement")).hasSize(2);
        assertThat(policy.path("Statement").get(0).path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");

        assertThatThrownBy(() -> s3.getBucketPolicy(request -> request.bucket("cd-demo-logs")))
                .isInstanceOfSatisfying(S3Exception.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy");
                });
    }

    /**
     * S3 Control names the account in the host too ({@code 111122223333.<endpoint>}), which nothing resolves on
     * 127.0.0.1: the client is pointed at the emulator as it is, with the account in the x-amz-account-id header.
     */
    @Test
    void theAccountsPublicAccessBlockComesFromS3ControlAndItsAbsenceIsA404() {
        SharedEmulator.admin().send("POST", "fixture", """
                {"accounts": [{"id": "444455556666", "publicAccessBlock": {"blockPublicAcls": true, "ignorePublicAcls": true,
                  "blockPublicPolicy": true, "restrictPublicBuckets": false},
                  "roles": [{"arn": "arn:aws:iam::444455556666:role/CloudDiagnozeScanner", "externalId": "x-444"}]}]}""");
        try (AwsClients blocked = AwsClients.tenant(Region.US_EAST_1, "arn:aws:iam::444455556666:role/CloudDiagnozeScanner", "x-444")) {
            var block = blocked.s3Control().getPublicAccessBlock(request -> request.accountId("444455556666"))
                    .publicAccessBlockConfiguration();
            assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(), block.restrictPublicBuckets()))
                    .containsExactly(true, true, true, false);
            assertThatThrownBy(() -> blocked.s3Control().getPublicAccessBlock(request -> request.accountId(SharedEmulator.DEMO_ACCOUNT)))
                    .isInstanceOfSatisfying(S3ControlException.class, error -> assertThat(error.statusCode()).isEqualTo(403));
        } finally {
            SharedEmulator.admin().reset();
        }
        assertThatThrownBy(() -> tenant.s3Control().getPublicAccessBlock(request -> request.accountId(SharedEmulator.DEMO_ACCOUNT)))
                .isInstanceOfSatisfying(S3ControlException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NoSuchPublicAccessBlockConfiguration");
                });
    }

    @Test
    void aclGrantsShowPublicBucketsToAllUsers() {
        GetBucketAclResponse publicRead = s3.getBucketAcl(request -> request.bucket("cd-demo-shared-assets"));
        assertThat(publicRead.owner().id()).hasSize(64);
        assertThat(publicRead.grants()).hasSize(2).anySatisfy(grant -> {
            assertThat(grant.grantee().type()).isEqualTo(Type.GROUP);
            assertThat(grant.grantee().uri()).isEqualTo(ALL_USERS);
            assertThat(grant.permissionAsString()).isEqualTo("READ");
        });

        assertThat(s3.getBucketAcl(request -> request.bucket("cd-demo-logs")).grants()).singleElement()
                .satisfies(grant -> {
                    assertThat(grant.grantee().type()).isEqualTo(Type.CANONICAL_USER);
                    assertThat(grant.permissionAsString()).isEqualTo("FULL_CONTROL");
                });
        assertThat(s3.getBucketAcl(request -> request.bucket("cd-demo-eu-scratch")).grants())
                .filteredOn(grant -> ALL_USERS.equals(grant.grantee().uri()))
                .extracting(Grant::permissionAsString).containsExactlyInAnyOrder("READ", "WRITE");
    }

    @Test
    void anOperationTheEmulatorLacksIsAnErrorNamingIt() {
        assertThatThrownBy(() -> s3.getBucketCors(request -> request.bucket("cd-demo-logs")))
                .isInstanceOfSatisfying(S3Exception.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(501);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
                    assertThat(error.awsErrorDetails().errorMessage()).contains("GetBucketCors");
                });
    }

    @Test
    void aSignedRequestUnderTheAdminPathIsAnS3RequestAndAnUnsignedOneIsAdmin() {
        // GET /_emulator/status signed for s3 is object "status" in bucket "_emulator", which nobody has.
        assertThatThrownBy(() -> s3.getObjectAsBytes(request -> request.bucket("_emulator").key("status")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, error -> assertThat(error.statusCode()).isEqualTo(404));

        Admin.Answer status = SharedEmulator.admin().send("GET", "status", "");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().path("status").asText()).isEqualTo("ok");
    }
}
