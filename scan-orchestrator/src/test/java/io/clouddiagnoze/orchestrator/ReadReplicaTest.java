package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.testsupport.PrometheusText;
import io.clouddiagnoze.testsupport.ReplicaServer;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read replica (TestInfrastructure gives this module one): the inventory is read from it, and once it falls behind,
 * a scan just finished is still in the inventory, read from the primary; the replica's lag and where reads went are on
 * /q/metrics.
 */
@QuarkusTest
class ReadReplicaTest {
    private static final String READS = "clouddiagnoze_database_replica_reads_total";
    private static final String LAG = "clouddiagnoze_database_replica_lag_seconds";

    TestDatabase database;
    TestKafka kafka;
    ReplicaServer replica;
    private ScanDriver driver;
    private long tenant;

    @BeforeEach
    void scanBuckets() throws Exception {
        Assumptions.assumeTrue(replica != null, "the read replica needs the database on this machine's server");
        driver = new ScanDriver(kafka.bootstrapServers());
        tenant = Fixtures.tenant(database);
        driver.completedScan(tenant, ServiceType.S3, List.of(bucket("first-bucket")));
    }

    @AfterEach
    void catchUp() throws Exception {
        if (replica != null) {
            replica.resumeApplying();
            driver.close();
        }
    }

    @Test
    void theInventoryComesFromTheReplicaUntilItFallsBehind() throws Exception {
        // A value only the replica's copy holds: an answer that shows it came from the replica.
        try (Connection connection = replica.connect();
             PreparedStatement marked = connection.prepareStatement("UPDATE s3_buckets SET total_size_gb = 42 WHERE client_id = ?")) {
            marked.setLong(1, tenant);
            assertThat(marked.executeUpdate()).isEqualTo(1);
        }
        // Within a second of a read another test sent to the primary, reads still go there: hence the wait.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String previous = metrics();
            given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/s3")
                    .then().statusCode(200)
                    .body("resources.items.bucketName", contains("first-bucket"))
                    .body("resources.items[0].totalSizeGb", equalTo(42.0f));
            assertThat(delta(previous, metrics(), "served_by=\"replica\"")).isEqualTo(1);
        });

        replica.pauseApplying();
        await().atMost(Duration.ofSeconds(10)).until(() -> Double.isNaN(PrometheusText.sum(metrics(), LAG)));
        long second = driver.completedScan(tenant, ServiceType.S3, List.of(bucket("second-bucket")));
        String before = metrics();
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/s3")
                .then().statusCode(200)
                .body("scanRunId", equalTo((int) second))
                .body("resources.items.bucketName", contains("second-bucket"))
                .body("resources.items[0].totalSizeGb", equalTo(1.25f));
        assertThat(delta(before, metrics(), "served_by=\"primary\"")).isEqualTo(1);

        replica.resumeApplying();
        await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.sum(metrics(), LAG) == 0);
        // Past its second on the primary, the next read waits for the replica again, which now has the second scan.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String previous = metrics();
            given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/s3")
                    .then().statusCode(200).body("resources.items.bucketName", contains("second-bucket"));
            assertThat(delta(previous, metrics(), "served_by=\"replica\"")).isEqualTo(1);
        });
    }

    private static S3Bucket bucket(String name) {
        return Fixtures.bucket(name, false, S3Bucket.Encryption.SSE_S3, true);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String server) {
        return PrometheusText.sum(after, READS, server) - PrometheusText.sum(before, READS, server);
    }
}
