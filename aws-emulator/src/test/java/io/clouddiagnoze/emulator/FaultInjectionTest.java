package io.clouddiagnoze.emulator;

import static io.clouddiagnoze.emulator.support.SharedEmulator.DEMO_EXTERNAL_ID;
import static io.clouddiagnoze.emulator.support.SharedEmulator.DEMO_ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.emulator.support.Admin;
import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

class FaultInjectionTest {

    private static final String OTHER_ROLE = "arn:aws:iam::222233334444:role/CloudDiagnozeScanner";
    private static final String FLEET_ROLE = "arn:aws:iam::333344445555:role/CloudDiagnozeScanner";

    private static final Admin ADMIN = SharedEmulator.admin();
    private static AwsClients retrying;
    private static AwsClients failing;

    @BeforeAll
    static void clients() {
        ADMIN.reset();
        retrying = AwsClients.demoTenant(Region.US_EAST_1);
        failing = AwsClients.tenantWithoutRetries(Region.US_EAST_1, DEMO_ROLE, DEMO_EXTERNAL_ID);
        // Assume the roles before any fault is set, so faults hit only the calls under test.
        retrying.credentials().resolveCredentials();
        failing.credentials().resolveCredentials();
    }

    @BeforeEach
    void clearFaults() {
        ADMIN.reset();
    }

    @AfterAll
    static void close() {
        ADMIN.reset();
        retrying.close();
        failing.close();
    }

    @Test
    void throttledPagesAreRetriedAndThePaginatorStillSeesEveryInstanceOnce() {
        ADMIN.addRole(FLEET_ROLE, "fleet-external-id", "\"generate\":\"instances=400,seed=5\"");
        try (AwsClients fleet = AwsClients.tenant(Region.US_EAST_1, FLEET_ROLE, "fleet-external-id")) {
            fleet.credentials().resolveCredentials();
            ADMIN.addFault("{\"service\":\"ec2\",\"operation\":\"DescribeInstances\",\"type\":\"throttle\",\"rate\":0.3,\"seed\":7}");

            List<String> ids = fleet.ec2().describeInstancesPaginator(request -> request.maxResults(10)).reservations()
                    .stream().flatMap(reservation -> reservation.instances().stream()).map(Instance::instanceId).toList();

            assertThat(ids).hasSize(400).doesNotHaveDuplicates();
            long faults = ADMIN.faults("ec2:DescribeInstances");
            assertThat(faults).isBetween(5L, 30L);
            assertThat(ADMIN.calls("ec2:DescribeInstances")).isEqualTo(40 + faults);
        }
    }

    @Test
    void everyServiceRetriesItsOwnThrottlingCode() {
        for (String service : List.of("s3", "rds", "monitoring", "sts")) {
            ADMIN.addFault("{\"service\":\"" + service + "\",\"type\":\"throttle\",\"everyNth\":2}");
        }

        assertThat(retrying.s3().listBuckets().buckets()).extracting(Bucket::name).hasSize(10);
        assertThat(retrying.s3().getBucketVersioning(request -> request.bucket("cd-demo-logs")).statusAsString()).isEqualTo("Enabled");
        assertThat(retrying.rds().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier).hasSize(4);
        assertThat(retrying.cloudWatch().listMetrics(request -> request.namespace("AWS/RDS")).metrics()).hasSize(12);
        assertThat(retrying.sts().getCallerIdentity().account()).isEqualTo(SharedEmulator.DEMO_ACCOUNT);
        assertThat(ADMIN.faults("s3:ListBuckets") + ADMIN.faults("s3:GetBucketVersioning")).isEqualTo(1);
        assertThat(ADMIN.faults("rds:DescribeDBInstances")).isZero();
    }

    @Test
    void withoutRetriesEachServiceSurfacesItsThrottlingErrorAsItsOwnException() {
        ADMIN.addFault("{\"type\":\"throttle\"}");

        assertThatThrownBy(() -> failing.ec2().describeInstances())
                .isInstanceOfSatisfying(Ec2Exception.class, error -> assertCode(error, 503, "RequestLimitExceeded"));
        assertThatThrownBy(() -> failing.s3().listBuckets())
                .isInstanceOfSatisfying(S3Exception.class, error -> assertCode(error, 503, "SlowDown"));
        assertThatThrownBy(() -> failing.rds().describeDBInstances())
                .isInstanceOfSatisfying(RdsException.class, error -> assertCode(error, 400, "Throttling"));
        assertThatThrownBy(() -> failing.cloudWatch().listMetrics())
                .isInstanceOfSatisfying(CloudWatchException.class, error -> assertCode(error, 400, "Throttling"));
        assertThatThrownBy(() -> failing.sts().getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, error -> assertCode(error, 400, "Throttling"));
    }

    @Test
    void assumeRoleCanBeDeniedForOneRoleOnly() {
        ADMIN.addRole(OTHER_ROLE, "other-external-id", "");
        ADMIN.addFault("{\"operation\":\"AssumeRole\",\"roleArn\":\"" + DEMO_ROLE + "\",\"type\":\"accessDenied\"}");

        assertThatThrownBy(() -> failing.platformSts().assumeRole(request -> request
                .roleArn(DEMO_ROLE).roleSessionName("scan").externalId(DEMO_EXTERNAL_ID)))
                .isInstanceOfSatisfying(StsException.class, error -> assertCode(error, 403, "AccessDenied"));
        assertThat(failing.platformSts().assumeRole(request -> request
                .roleArn(OTHER_ROLE).roleSessionName("scan").externalId("other-external-id")).credentials()).isNotNull();
    }

    @Test
    void internalErrorsAreRetriedAndSurfaceAs500WithoutRetries() {
        ADMIN.addFault("{\"service\":\"ec2\",\"operation\":\"DescribeVpcs\",\"type\":\"internalError\",\"everyNth\":1,\"limit\":2}");

        assertThat(retrying.ec2().describeVpcs().vpcs()).hasSize(3);
        assertThat(ADMIN.faults("ec2:DescribeVpcs")).isEqualTo(2);

        ADMIN.addFault("{\"service\":\"ec2\",\"operation\":\"DescribeSubnets\",\"type\":\"internalError\"}");
        assertThatThrownBy(() -> failing.ec2().describeSubnets())
                .isInstanceOfSatisfying(Ec2Exception.class, error -> assertCode(error, 500, "InternalError"));
    }

    @Test
    void aFaultForOneRegionLeavesTheOthersAlone() {
        ADMIN.addFault("{\"service\":\"ec2\",\"operation\":\"DescribeVpcs\",\"region\":\"eu-west-1\",\"type\":\"internalError\"}");

        assertThat(failing.ec2().describeVpcs().vpcs()).hasSize(3);
        try (AwsClients ireland = AwsClients.tenantWithoutRetries(Region.EU_WEST_1, DEMO_ROLE, DEMO_EXTERNAL_ID)) {
            assertThatThrownBy(() -> ireland.ec2().describeVpcs())
                    .isInstanceOfSatisfying(Ec2Exception.class, error -> assertCode(error, 500, "InternalError"));
        }
    }

    @Test
    void latencyDelaysTheAnswer() {
        ADMIN.addFault("{\"service\":\"ec2\",\"operation\":\"DescribeRegions\",\"type\":\"latency\",\"latencyMs\":400}");

        Instant start = Instant.now();
        assertThat(retrying.ec2().describeRegions().regions()).hasSize(17);
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aRemovedFaultNoLongerHits() {
        int id = ADMIN.addFault("{\"service\":\"rds\",\"type\":\"throttle\"}");
        assertThatThrownBy(() -> failing.rds().describeDBInstances()).isInstanceOf(RdsException.class);

        assertThat(ADMIN.send("DELETE", "faults/" + id, "").status()).isEqualTo(200);
        assertThat(failing.rds().describeDBInstances().dbInstances()).hasSize(4);
    }

    private static void assertCode(AwsServiceException error, int status, String code) {
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
    }
}
