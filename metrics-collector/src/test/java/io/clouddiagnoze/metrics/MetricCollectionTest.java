package io.clouddiagnoze.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.clouddiagnoze.testsupport.AwsEmulatorTestResource;
import io.clouddiagnoze.testsupport.PrometheusText;
import io.clouddiagnoze.testsupport.ScannerHarness;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricCollectionTest extends TestInfrastructure {
    private static final String US = "us-east-1";
    private static final String BUSY = "i-0a1f2e3d4c5b60001";
    private static final String IDLE = "i-0a1f2e3d4c5b60005";
    private static final String STOPPED = "i-0a1f2e3d4c5b60007";
    private static final Duration SOON = Duration.ofSeconds(30);

    TestDatabase database;
    TestKafka kafka;
    TestEvents events;
    long tenant;
    String role;
    CloudWatchTruth truth;

    @BeforeEach
    void demoTenant() throws Exception {
        events = new TestEvents(kafka.bootstrapServers());
        // The demo role's ExternalId is unique to one tenant: each test's tenant gets a role of its own in a copy of the demo account.
        String account = String.valueOf(300000000000L + ScannerHarness.newRun() % 99_999_999_999L);
        role = "arn:aws:iam::" + account + ":role/CloudDiagnozeScanner";
        String externalId = "cd-test-" + account;
        AwsEmulatorTestResource.admin("POST", "/_emulator/roles", "{\"roleArn\":\"" + role + "\",\"externalId\":\"" + externalId + "\"}");
        tenant = database.tenant(role, externalId);
        truth = new CloudWatchTruth(role, externalId);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void theExactPointsCloudWatchHasForEachInstanceAreStoredAndAStoppedOneHasNone() throws Exception {
        Instant found = Scans.recently();
        long run = Scans.run(database, tenant, ServiceType.EC2, found);
        var instances = List.of(Scans.instance(BUSY, US), Scans.instance(IDLE, US), Scans.instance(STOPPED, US));
        var stored = Scans.storeRows(database, tenant, run, ServiceType.EC2, instances);

        Scans.send(events, tenant, run, ServiceType.EC2, 0, stored, found);

        Instant start = found.minus(Duration.ofHours(24));
        await().atMost(SOON).until(() -> Stored.rows(database, PerformanceTable.EC2, run) == 2 * 288);
        for (String instance : List.of(BUSY, IDLE)) {
            assertColumn(run, PerformanceTable.EC2, "cpu_utilization", instance,
                    truth.series(US, "AWS/EC2", "CPUUtilization", "Average", 300, start, found, "InstanceId", instance), 4);
            assertColumn(run, PerformanceTable.EC2, "network_in", instance,
                    truth.series(US, "AWS/EC2", "NetworkIn", "Sum", 300, start, found, "InstanceId", instance), 2);
            assertColumn(run, PerformanceTable.EC2, "network_out", instance,
                    truth.series(US, "AWS/EC2", "NetworkOut", "Sum", 300, start, found, "InstanceId", instance), 2);
        }
        assertThat(Stored.column(database, PerformanceTable.EC2, "cpu_utilization", run, STOPPED)).isEmpty();
    }

    @Test
    void collectingAnOverlappingWindowAgainAddsOnlyTheNewPoints() throws Exception {
        Instant found = Scans.recently().minus(Duration.ofHours(2));
        long run = Scans.run(database, tenant, ServiceType.EC2, found);
        var busy = List.of(Scans.instance(BUSY, US));
        var stored = Scans.storeRows(database, tenant, run, ServiceType.EC2, busy);
        Scans.send(events, tenant, run, ServiceType.EC2, 0, stored, found);
        await().atMost(SOON).until(() -> Stored.rows(database, PerformanceTable.EC2, run) == 288);

        Scans.send(events, tenant, run, ServiceType.EC2, 0, stored, found);
        Scans.send(events, tenant, run, ServiceType.EC2, 1, stored, found.plus(Duration.ofHours(1)));
        // A marker batch behind both on the tenant's partition: once it is stored, both have been handled.
        stored();

        assertThat(Stored.rows(database, PerformanceTable.EC2, run)).isEqualTo(288 + 12);
    }

    @Test
    void aBucketsSizeIsItsStorageTypesSummedAndABucketWithoutRequestMetricsHasNoRequestCounts() throws Exception {
        Instant found = Scans.recently();
        long run = Scans.run(database, tenant, ServiceType.S3, found);
        var buckets = List.of(Scans.bucket("cd-demo-logs", US), Scans.bucket("cd-demo-public-website", US));
        var stored = Scans.storeRows(database, tenant, run, ServiceType.S3, buckets);

        Scans.send(events, tenant, run, ServiceType.S3, 0, stored, found);

        Instant storageStart = Instant.ofEpochSecond(found.minus(Duration.ofHours(24)).getEpochSecond() / 86_400 * 86_400)
                .minus(Duration.ofDays(1));
        Map<Instant, Double> standard = truth.series(US, "AWS/S3", "BucketSizeBytes", "Average", 86_400, storageStart, found,
                "BucketName", "cd-demo-logs", "StorageType", "StandardStorage");
        Map<Instant, Double> infrequent = truth.series(US, "AWS/S3", "BucketSizeBytes", "Average", 86_400, storageStart,
                found, "BucketName", "cd-demo-logs", "StorageType", "StandardIAStorage");
        assertThat(standard).isNotEmpty();
        assertThat(truth.series(US, "AWS/S3", "BucketSizeBytes", "Average", 86_400, storageStart, found,
                "BucketName", "cd-demo-logs")).as("without its StorageType, CloudWatch has no size").isEmpty();
        await().atMost(SOON).until(() -> Stored.column(database, PerformanceTable.S3, "bucket_size_bytes", run, "cd-demo-logs")
                .values().stream().filter(v -> v != null).count() == standard.size());
        assertColumn(run, PerformanceTable.S3, "bucket_size_bytes", "cd-demo-logs", CloudWatchTruth.sum(standard, infrequent), 0);
        assertColumn(run, PerformanceTable.S3, "number_of_objects", "cd-demo-logs", truth.series(US, "AWS/S3",
                "NumberOfObjects", "Average", 86_400, storageStart, found, "BucketName", "cd-demo-logs", "StorageType", "AllStorageTypes"), 0);
        assertThat(Stored.column(database, PerformanceTable.S3, "all_requests", run, "cd-demo-logs").values()).containsOnlyNulls();

        await().atMost(SOON).until(() -> Stored.column(database, PerformanceTable.S3, "all_requests", run, "cd-demo-public-website")
                .values().stream().filter(v -> v != null).count() == 288);
        assertColumn(run, PerformanceTable.S3, "get_requests", "cd-demo-public-website", truth.series(US, "AWS/S3",
                "GetRequests", "Sum", 300, found.minus(Duration.ofHours(24)), found, "BucketName", "cd-demo-public-website",
                "FilterId", "EntireBucket"), 0);
    }

    @Test
    void aVpcsTrafficIsTheSumOverItsInstances() throws Exception {
        Instant found = Scans.recently();
        long run = Scans.run(database, tenant, ServiceType.VPC, found);
        var vpc = List.of(Scans.vpc("vpc-0d1e2f3a4b5c60003", US));
        var stored = Scans.storeRows(database, tenant, run, ServiceType.VPC, vpc);

        Scans.send(events, tenant, run, ServiceType.VPC, 0, stored, found);

        Instant start = found.minus(Duration.ofHours(24));
        await().atMost(SOON).until(() -> Stored.rows(database, PerformanceTable.VPC, run) == 288);
        assertColumn(run, PerformanceTable.VPC, "network_in_bytes", "vpc-0d1e2f3a4b5c60003", CloudWatchTruth.sum(
                truth.series(US, "AWS/EC2", "NetworkIn", "Sum", 300, start, found, "InstanceId", "i-0a1f2e3d4c5b60008"),
                truth.series(US, "AWS/EC2", "NetworkIn", "Sum", 300, start, found, "InstanceId", "i-0a1f2e3d4c5b60009")), 2);
    }

    @Test
    void aDatabasesConnectionsCpuAndFreeStorageAreStored() throws Exception {
        Instant found = Scans.recently();
        long run = Scans.run(database, tenant, ServiceType.RDS, found);
        var db = List.of(Scans.database("orders-db", US));
        var stored = Scans.storeRows(database, tenant, run, ServiceType.RDS, db);

        Scans.send(events, tenant, run, ServiceType.RDS, 0, stored, found);

        Instant start = found.minus(Duration.ofHours(24));
        await().atMost(SOON).until(() -> Stored.rows(database, PerformanceTable.RDS, run) == 288);
        assertColumn(run, PerformanceTable.RDS, "database_connections", "orders-db", truth.series(US, "AWS/RDS",
                "DatabaseConnections", "Average", 300, start, found, "DBInstanceIdentifier", "orders-db"), 4);
        assertColumn(run, PerformanceTable.RDS, "free_storage_bytes", "orders-db", truth.series(US, "AWS/RDS",
                "FreeStorageSpace", "Average", 300, start, found, "DBInstanceIdentifier", "orders-db"), 0);
    }

    @Test
    void aBatchWhoseScanWasDeletedMeanwhileGoesToDeadLetterWithTheDatabasesReason() throws Exception {
        try (ScannerHarness harness = new ScannerHarness(kafka.bootstrapServers())) {
            Instant found = Scans.recently();
            long run = Scans.run(database, tenant, ServiceType.EC2, found);
            var stored = Scans.storeRows(database, tenant, run, ServiceType.EC2, List.of(Scans.instance(BUSY, US)));
            try (var connection = database.connect(); var statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM scan_runs WHERE id = " + run);
            }

            Scans.send(events, tenant, run, ServiceType.EC2, 0, stored, found);

            DeadLetter letter = harness.awaitDeadLetter("\"scanRunId\":" + run, SOON);
            assertThat(letter.reason()).contains("scan run " + run, "refused by the database", "foreign key");
            assertThat(Stored.rows(database, PerformanceTable.EC2, run)).isZero();
        }
    }

    @Test
    void aRoleThatCannotBeAssumedStoresNothingIsCountedAndTheNextBatchIsCollected() throws Exception {
        long denied = database.tenant(AwsEmulatorTestResource.DEMO_ROLE, "not-the-external-id-" + tenant);
        Instant found = Scans.recently();
        long run = Scans.run(database, denied, ServiceType.EC2, found);
        var busy = List.of(Scans.instance(BUSY, US));
        var stored = Scans.storeRows(database, denied, run, ServiceType.EC2, busy);
        double before = failures("access_denied");

        Scans.send(events, denied, run, ServiceType.EC2, 0, stored, found);

        await().atMost(SOON).until(() -> failures("access_denied") == before + 1);
        assertThat(Stored.rows(database, PerformanceTable.EC2, run)).isZero();
        stored();
    }

    @Test
    void throttledCallsAreRetriedAndEveryPointIsStored() throws Exception {
        AwsEmulatorTestResource.admin("POST", "/_emulator/faults", "{\"service\": \"monitoring\", \"operation\": \"GetMetricData\","
                + " \"roleArn\": \"" + role + "\", \"type\": \"throttle\", \"everyNth\": 1, \"limit\": 2}");
        try {
            Instant found = Scans.recently();
            long run = Scans.run(database, tenant, ServiceType.EC2, found);
            var instances = List.of(Scans.instance(BUSY, US), Scans.instance(IDLE, US));
            var stored = Scans.storeRows(database, tenant, run, ServiceType.EC2, instances);

            Scans.send(events, tenant, run, ServiceType.EC2, 0, stored, found);

            await().atMost(SOON).until(() -> Stored.rows(database, PerformanceTable.EC2, run) == 2 * 288);
            assertThat(AwsEmulatorTestResource.admin("GET", "/_emulator/calls", null)).containsPattern(
                    "\"monitoring:GetMetricData\":\\{[^}]*\"faults\":2");
        } finally {
            AwsEmulatorTestResource.admin("DELETE", "/_emulator/faults", null);
        }
    }

    @Test
    void aBatchWhoseTokenNamesAnotherTenantGoesToDeadLetterAndWritesNothing() throws Exception {
        try (ScannerHarness harness = new ScannerHarness(kafka.bootstrapServers())) {
            Instant found = Scans.recently();
            long run = Scans.run(database, tenant, ServiceType.EC2, found);
            var busy = List.of(Scans.instance(BUSY, US));
            var stored = Scans.storeRows(database, tenant, run, ServiceType.EC2, busy);

            Scans.send(events, tenant, run, ServiceType.EC2, 0, stored, found, TestTokens.scanEvents(tenant + 1, run, ServiceType.EC2));

            DeadLetter letter = harness.awaitDeadLetter("\"scanRunId\":" + run, SOON);
            assertThat(letter.reason()).contains("tenant");
            stored();
            assertThat(Stored.rows(database, PerformanceTable.EC2, run)).isZero();
        }
    }

    /** Sends a batch of one database on the tenant's partition and waits for its points. */
    private void stored() throws Exception {
        Instant found = Scans.recently();
        long run = Scans.run(database, tenant, ServiceType.RDS, found);
        var marker = List.of(Scans.database("staging-db", US));
        var stored = Scans.storeRows(database, tenant, run, ServiceType.RDS, marker);
        Scans.send(events, tenant, run, ServiceType.RDS, 0, stored, found);
        await().atMost(SOON).until(() -> Stored.rows(database, PerformanceTable.RDS, run) == 288);
    }

    private static double failures(String reason) {
        return PrometheusText.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                "clouddiagnoze_metrics_collection_failures_total", "reason=\"" + reason + "\"");
    }

    private void assertColumn(long run, PerformanceTable table, String column, String naturalId, Map<Instant, Double> expected,
                              int scale) throws Exception {
        Map<Instant, BigDecimal> stored = Stored.column(database, table, column, run, naturalId);
        Map<Instant, BigDecimal> present = new LinkedHashMap<>(stored);
        present.values().removeIf(v -> v == null);
        assertThat(present.keySet()).as(column + " of " + naturalId).containsExactlyInAnyOrderElementsOf(expected.keySet());
        double tolerance = Math.pow(10, -scale);
        expected.forEach((time, value) -> assertThat(present.get(time).doubleValue()).as(column + " of " + naturalId + " at " + time)
                .isCloseTo(value, within(tolerance)));
    }
}
