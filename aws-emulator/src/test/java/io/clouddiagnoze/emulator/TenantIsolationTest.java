package io.clouddiagnoze.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.emulator.support.Admin;
import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sts.model.StsException;

class TenantIsolationTest {

    private static final String GENERATED_ROLE = "arn:aws:iam::444455556666:role/Scanner";
    private static final String COPY_ROLE = "arn:aws:iam::777788889999:role/CloudDiagnozeScanner";
    private static final Admin ADMIN = SharedEmulator.admin();

    private static AwsClients demo;
    private static AwsClients generated;
    private static AwsClients copy;
    private static AwsClients platform;

    @BeforeAll
    static void tenants() {
        ADMIN.reset();
        ADMIN.addRole(GENERATED_ROLE, "generated-external-id", "\"accountId\":\"444455556666\","
                + "\"generate\":\"instances=30,buckets=4,databases=2,seed=9\"");
        ADMIN.addRole(COPY_ROLE, "copy-external-id", "");
        demo = AwsClients.demoTenant(Region.US_EAST_1);
        generated = AwsClients.tenant(Region.US_EAST_1, GENERATED_ROLE, "generated-external-id");
        copy = AwsClients.tenant(Region.US_EAST_1, COPY_ROLE, "copy-external-id");
        platform = AwsClients.platform(Region.US_EAST_1);
    }

    @AfterAll
    static void close() {
        demo.close();
        generated.close();
        copy.close();
        platform.close();
    }

    @Test
    void eachTenantSeesOnlyItsOwnInstances() {
        List<String> demoIds = instanceIds(demo);
        List<String> generatedIds = instanceIds(generated);

        assertThat(demoIds).hasSize(14);
        assertThat(generatedIds).hasSize(30).doesNotContainAnyElementsOf(demoIds);
        assertThat(generated.ec2().describeInstances().reservations()).allSatisfy(reservation ->
                assertThat(reservation.ownerId()).isEqualTo("444455556666"));
    }

    @Test
    void bucketsAndDatabasesAreIsolatedToo() {
        assertThat(generated.s3().listBuckets().buckets()).hasSize(4)
                .noneSatisfy(bucket -> assertThat(bucket.name()).startsWith("cd-demo-"));
        assertThatThrownBy(() -> generated.s3().headBucket(request -> request.bucket("cd-demo-logs")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(generated.rds().describeDBInstances().dbInstances()).hasSize(2)
                .noneSatisfy(database -> assertThat(database.dbInstanceIdentifier()).isEqualTo("orders-db"));
    }

    @Test
    void aNewTenantWithoutAFixtureGetsACopyOfTheDemoResourcesUnderItsOwnAccount() {
        assertThat(instanceIds(copy)).containsExactlyInAnyOrderElementsOf(instanceIds(demo));
        assertThat(copy.ec2().describeInstances().reservations()).extracting(Reservation::ownerId)
                .containsOnly("777788889999");
        assertThat(copy.sts().getCallerIdentity().account()).isEqualTo("777788889999");
        assertThat(copy.s3().listBuckets().buckets()).extracting(Bucket::name).contains("cd-demo-logs");
    }

    @Test
    void thePlatformsOwnCredentialsSeeNoTenantResources() {
        assertThat(platform.ec2().describeInstances().reservations()).isEmpty();
        assertThat(platform.s3().listBuckets().buckets()).isEmpty();
        assertThat(platform.rds().describeDBInstances().dbInstances()).isEmpty();
        assertThat(platform.cloudWatch().listMetrics().metrics()).isEmpty();
    }

    @Test
    void oneTenantsExternalIdDoesNotOpenAnothersRole() {
        assertThatThrownBy(() -> platform.platformSts().assumeRole(request -> request.roleArn(GENERATED_ROLE)
                .roleSessionName("scan").externalId(SharedEmulator.DEMO_EXTERNAL_ID)))
                .isInstanceOfSatisfying(StsException.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    private static List<String> instanceIds(AwsClients clients) {
        return clients.ec2().describeInstancesPaginator(request -> request.maxResults(10)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream()).map(Instance::instanceId).toList();
    }
}
