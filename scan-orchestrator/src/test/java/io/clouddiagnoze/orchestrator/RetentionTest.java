package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.service.RunArchive;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The retention job against the real database and aws-emulator through the real SDK: old finished runs go to the archive
 * and leave the database whole, the scan list and histories say so, a restore brings a run back exactly, and a tenant's
 * deletion takes its archive with it. Each test ages its own runs and looks only at its own tenants' rows and objects.
 */
@QuarkusTest
class RetentionTest extends TenantScans {
    private static final String BUCKET = "clouddiagnoze-archive";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RunArchive runArchive;
    @Inject
    ScanRunRepository runs;

    S3Client s3;

    @BeforeEach
    void archiveClient() {
        s3 = S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build()).build();
    }

    @AfterEach
    void closeArchiveClient() {
        s3.close();
    }

    @Test
    void anOldRunIsArchivedWholeListedAsArchivedAndRestoredExactly() throws Exception {
        List<Ec2Instance> instances = List.of(Fixtures.instance("i-0ace01", "us-east-1", "203.0.113.9", false, 22),
                Fixtures.instance("i-0ace02", "eu-west-1", null, true), Fixtures.instance("i-0ace03", "us-east-1", null, true));
        long old = driver.completedScan(tenant, ServiceType.EC2, instances);
        long recent = driver.completedScan(tenant, ServiceType.EC2, instances);
        long running = startedScan(tenant, ServiceType.S3);
        addMetrics(old, 5);
        addMetrics(recent, 5);
        age(old, 7);
        age(running, 7);
        addHours(old);
        List<Map<String, String>> hours = hoursNear(old);
        assertThat(hours).hasSize(3 * 2);
        assertThat(database.count("SELECT COUNT(*) FROM findings WHERE first_seen_scan_run_id = " + old)).isPositive();
        long findings = database.count("SELECT COUNT(*) FROM findings WHERE client_id = " + tenant);
        settled(old);
        settled(recent);
        Map<String, List<Map<String, String>>> before = rowsOf(old);
        Map<String, List<Map<String, String>>> recentBefore = rowsOf(recent);

        JsonPath pass = retentionPass().body("tenantsFailed", equalTo(0)).extract().jsonPath();
        // After the run it rested as long as the run took (RETENTION_DUTY_CYCLE, 0.5): some of the pass, never all of it.
        assertThat(pass.getLong("restedMillis")).isPositive().isLessThan(pass.getLong("millis"));

        // The object and its manifest, whose counts are the rows that left the database.
        JsonNode manifest = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(manifestKey(old))).asByteArray());
        assertThat(manifest.get("counts").get("scan_runs").asLong()).isEqualTo(1);
        assertThat(manifest.get("counts").get("ec2_instances").asLong()).isEqualTo(3).isEqualTo(before.get("ec2_instances").size());
        assertThat(manifest.get("counts").get("ec2_performance").asLong()).isEqualTo(15).isEqualTo(before.get("ec2_performance").size());
        assertThat(manifest.get("counts").get("performance_hourly").asLong()).isEqualTo(hours.size());
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key(dataKey(old))).contentLength()).isEqualTo(manifest.get("size").asLong());
        assertThat(rowsOf(old).values()).allSatisfy(rows -> assertThat(rows).isEmpty());
        assertThat(database.count("SELECT COUNT(*) FROM ec2_performance p LEFT JOIN ec2_instances r ON r.id = p.ec2_instance_id"
                + " WHERE r.id IS NULL")).isZero();
        // What deleting a run does to the findings that name it: their pointer is cleared, the findings stay.
        assertThat(database.count("SELECT COUNT(*) FROM findings WHERE first_seen_scan_run_id = " + old)).isZero();
        assertThat(database.count("SELECT COUNT(*) FROM findings WHERE client_id = " + tenant)).isEqualTo(findings);
        // A recent run and a run in progress are left as they were.
        assertThat(rowsOf(recent)).isEqualTo(recentBefore);
        as(tenant).when().get("/api/scans/" + running).then().statusCode(200).body("status", equalTo("in_progress"))
                .body("archived", equalTo(false));

        as(tenant).when().get("/api/scans/" + old).then().statusCode(200).body("archived", equalTo(true))
                .body("status", equalTo("success")).body("totalResources", equalTo(3));
        JsonPath listed = as(tenant).when().get("/api/scans?service=ec2").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("items.id", Long.class)).containsExactly(recent, old);
        assertThat(listed.getList("items.archived", Boolean.class)).containsExactly(false, true);
        as(tenant).when().get("/api/scans/" + old + "/resources").then().statusCode(409);
        JsonPath history = as(tenant).when().get("/api/resources/ec2/i-0ace01/history").then().statusCode(200).extract().jsonPath();
        assertThat(history.getInt("sightingCount")).isEqualTo(1);
        assertThat(history.getInt("archived.sightings")).isEqualTo(1);
        assertThat(history.getString("archived.from")).isEqualTo(history.getString("archived.to")).isEqualTo(history.getString("firstSeen"));

        // As metrics-collector's window pass leaves the hours once the run is archived: those of the run gone, but for one
        // that the points of a later sighting have given another value.
        String mine = " FROM performance_hourly WHERE client_id = " + tenant;
        String kept = " AND natural_id = 'i-0ace01' AND `hour` = '" + hours.get(0).get("hour") + "'";
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE" + mine + " AND NOT (TRUE" + kept + ")");
            s.executeUpdate("UPDATE performance_hourly SET value_sum = 999 WHERE client_id = " + tenant + kept);
        }

        as(tenant).when().post("/api/scans/" + old + "/restore").then().statusCode(200).body("archived", equalTo(false));

        Map<String, List<Map<String, String>>> after = rowsOf(old);
        assertThat(after.get("scan_runs").get(0).remove("retained_until")).isNotNull();
        before.get("scan_runs").get(0).remove("retained_until");
        assertThat(after).isEqualTo(before);
        // The run's hours are back, the one online left as it was, and no neighbour's hour came with them.
        List<Map<String, String>> hoursAfter = hoursNear(old);
        assertThat(new BigDecimal(hoursAfter.get(0).get("value_sum"))).isEqualByComparingTo("999");
        assertThat(hoursAfter.subList(1, hoursAfter.size())).isEqualTo(hours.subList(1, hours.size()));
        assertThat(database.count("SELECT COUNT(*)" + mine)).isEqualTo(hours.size());
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("tenants/" + tenant + "/scan-runs/" + old + ".")).keyCount()).isZero();
        assertThat(database.count("SELECT COUNT(*) FROM findings WHERE client_id = " + tenant)).isEqualTo(findings);
        as(tenant).when().get("/api/resources/ec2/i-0ace01/history").then().statusCode(200)
                .body("sightingCount", equalTo(2)).body("archived.sightings", equalTo(0));
        as(tenant).when().post("/api/scans/" + old + "/restore").then().statusCode(409);
        // Restored, it stays online for a while though it is old.
        retentionPass();
        assertThat(rowsOf(old).get("ec2_instances")).hasSize(3);
    }

    @Test
    void aPassStoppedWhileDeletingIsFinishedByTheNextAndNothingIsLost() throws Exception {
        List<Ec2Instance> instances = List.of(Fixtures.instance("i-0ace11", "us-east-1", null, true),
                Fixtures.instance("i-0ace12", "us-east-1", null, true), Fixtures.instance("i-0ace13", "us-east-1", null, true));
        long old = driver.completedScan(tenant, ServiceType.EC2, instances);
        addMetrics(old, 3);
        retentionPass(); // which makes the bucket, as every pass does before it archives a run
        age(old, 8);
        settled(old);
        Map<String, List<Map<String, String>>> before = rowsOf(old);

        // The first batch deleted, then the instance dies (its lease lost): rows half gone, object and record in place.
        AtomicInteger batches = new AtomicInteger();
        assertThatThrownBy(() -> runArchive.archive(runs.find(tenant, old).await().atMost(Duration.ofSeconds(10)), () -> {
            if (batches.incrementAndGet() == 1) {
                throw new IllegalStateException("the instance died");
            }
        })).hasMessageContaining("died");
        assertThat(rowsOf(old).get("scan_runs")).hasSize(1);
        assertThat(rowsOf(old).get("ec2_performance")).hasSizeLessThan(9);
        as(tenant).when().get("/api/scans/" + old).then().statusCode(200).body("archived", equalTo(true));

        retentionPass().body("unfinishedDeletionsCompleted", equalTo(1));

        assertThat(rowsOf(old).values()).allSatisfy(rows -> assertThat(rows).isEmpty());
        as(tenant).when().post("/api/scans/" + old + "/restore").then().statusCode(200);
        Map<String, List<Map<String, String>>> after = rowsOf(old);
        after.get("scan_runs").get(0).remove("retained_until");
        before.get("scan_runs").get(0).remove("retained_until");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aTenantsOwnRetentionPeriodIsHonouredAndAnotherTenantsRestoreIs404() throws Exception {
        long shortRetention = tenant;
        long platformRetention = Fixtures.tenant(database);
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE users SET retention_months = 1 WHERE id = " + shortRetention);
        }
        long archived = driver.completedScan(shortRetention, ServiceType.EC2, List.of(Fixtures.instance("i-0ace21", "us-east-1", null, true)));
        driver.completedScan(shortRetention, ServiceType.EC2, List.of(Fixtures.instance("i-0ace21", "us-east-1", null, true)));
        long kept = driver.completedScan(platformRetention, ServiceType.EC2, List.of(Fixtures.instance("i-0ace22", "us-east-1", null, true)));
        age(archived, 2);
        age(kept, 2);

        retentionPass();

        as(shortRetention).when().get("/api/scans/" + archived).then().statusCode(200).body("archived", equalTo(true));
        as(platformRetention).when().get("/api/scans/" + kept).then().statusCode(200).body("archived", equalTo(false));
        as(platformRetention).when().post("/api/scans/" + archived + "/restore").then().statusCode(404)
                .contentType("application/problem+json");
        as(platformRetention).when().get("/api/scans/" + archived).then().statusCode(404);
        as(shortRetention).when().post("/api/scans/987654321/restore").then().statusCode(404);
        as(platformRetention).when().post("/api/scans/" + kept + "/restore").then().statusCode(409);
        as(shortRetention).when().get("/api/scans/" + archived).then().body("archived", equalTo(true));

        // Deleting an archived run deletes its archive.
        as(platformRetention).when().delete("/api/scans/" + archived).then().statusCode(404);
        as(shortRetention).when().delete("/api/scans/" + archived).then().statusCode(204);
        as(shortRetention).when().get("/api/scans/" + archived).then().statusCode(404);
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("tenants/" + shortRetention + "/")).keyCount()).isZero();
    }

    /** A tenant that stopped scanning months ago comes back to the inventory and findings of its last scans. */
    @Test
    void eachServicesLatestSuccessfulRunStaysOnlineHoweverOld() throws Exception {
        long older = driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0ace51", "us-east-1", null, true)));
        long latest = driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0ace52", "us-east-1", null, true)));
        long bucketsOnce = driver.completedScan(tenant, ServiceType.S3,
                List.of(Fixtures.bucket("aging-bucket", true, S3Bucket.Encryption.NONE, false)));
        age(older, 9);
        age(latest, 8);
        age(bucketsOnce, 8);

        retentionPass().body("tenantsFailed", equalTo(0));

        as(tenant).when().get("/api/scans/" + older).then().statusCode(200).body("archived", equalTo(true));
        as(tenant).when().get("/api/scans/" + latest).then().statusCode(200).body("archived", equalTo(false));
        as(tenant).when().get("/api/scans/" + bucketsOnce).then().statusCode(200).body("archived", equalTo(false));
        as(tenant).when().get("/api/inventory/ec2").then().statusCode(200)
                .body("resources.items.instanceId", contains("i-0ace52"));
        as(tenant).queryParam("service", "s3").when().get("/api/findings").then().statusCode(200)
                .body("findings.resourceId", hasItem("aging-bucket"));
    }

    @Test
    void deletingATenantDeletesItsArchiveObjectsAtTheNextPass() throws Exception {
        long old = driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0ace31", "us-east-1", null, true)));
        driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0ace31", "us-east-1", null, true)));
        age(old, 9);
        retentionPass();
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("tenants/" + tenant + "/")).keyCount()).isEqualTo(2);

        try (Connection c = database.connect(); Statement s = c.createStatement()) { // as auth-service's DELETE /auth/me does
            s.executeUpdate("DELETE FROM users WHERE id = " + tenant);
        }
        assertThat(database.count("SELECT COUNT(*) FROM archived_scan_runs WHERE client_id = " + tenant)).isZero();
        assertThat(database.count("SELECT COUNT(*) FROM archived_sightings WHERE client_id = " + tenant)).isZero();

        retentionPass().body("deletedTenantsSwept", equalTo(1)).body("objectsSwept", equalTo(2));
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("tenants/" + tenant + "/")).keyCount()).isZero();
    }

    @Test
    void aPassDoesNotStartWhileAnotherHoldsTheLeaseAndTakesOverALapsedOne() throws Exception {
        long old = driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0ace41", "us-east-1", null, true)));
        driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0ace41", "us-east-1", null, true)));
        age(old, 10);
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE job_leases SET holder = 'another-instance', expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 MINUTE"
                    + " WHERE job_name = 'retention'");
            given().auth().oauth2(TestTokens.scheduler()).when().post("/api/retention/run").then().statusCode(409)
                    .contentType("application/problem+json");
            as(tenant).when().get("/api/scans/" + old).then().body("archived", equalTo(false));

            // That instance died: its lease lapses, and the next pass takes it.
            s.executeUpdate("UPDATE job_leases SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE job_name = 'retention'");
        }
        retentionPass();
        as(tenant).when().get("/api/scans/" + old).then().body("archived", equalTo(true));
        assertThat(database.count("SELECT COUNT(*) FROM job_leases WHERE job_name = 'retention' AND holder IS NULL")).isOne();
        as(tenant).when().post("/api/retention/run").then().statusCode(403);
    }

    private static io.restassured.response.ValidatableResponse retentionPass() {
        return given().auth().oauth2(TestTokens.scheduler()).contentType(ContentType.JSON).when().post("/api/retention/run")
                .then().statusCode(200);
    }

    private long startedScan(long tenant, ServiceType service) {
        return as(tenant).contentType(ContentType.JSON).body(Map.of("services", List.of(service.id()))).when().post("/api/scans")
                .then().statusCode(202).extract().jsonPath().getLong("[0].id");
    }

    /** Waits until the relays are done with the run: its changes published, its row no longer changing. */
    private void settled(long run) {
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count("SELECT COUNT(*) FROM scan_runs WHERE id = " + run
                + " AND changes_published_at IS NOT NULL AND relay_claim IS NULL") == 1);
    }

    /** Moves a run and its resources {@code months} months into the past. */
    private void age(long run, int months) throws Exception {
        String when = "'" + LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).minusMonths(months).minusDays(1) + "'";
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            // A run in progress had news just now, or the timeout check would end it.
            s.executeUpdate("UPDATE scan_runs SET scan_timestamp = " + when + ", last_event_at = IF(status = 'in_progress',"
                    + " UTC_TIMESTAMP(6), last_event_at) WHERE id = " + run);
            for (ServiceType service : ServiceType.values()) {
                s.executeUpdate("UPDATE " + service.resourceTable() + " SET scan_timestamp = " + when + " WHERE scan_run_id = " + run);
            }
        }
    }

    /** {@code points} five-minute CPU points for each EC2 instance of the run, as metrics-collector stores them. */
    private void addMetrics(long run, int points) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO ec2_performance (ec2_instance_id, client_id, `timestamp`, cpu_utilization, network_in, network_out)"
                    + " SELECT e.id, e.client_id, e.scan_timestamp - INTERVAL p.seq * 5 MINUTE, 12.3456, 1024.50, NULL"
                    + " FROM ec2_instances e JOIN seq_1_to_" + points + " p WHERE e.scan_run_id = " + run);
        }
    }

    /**
     * Hourly CPU rollups of the run's instances, as metrics-collector writes them: the two hours before its scan, and one
     * three days before, which a run before it accounts for.
     */
    private void addHours(long run) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO performance_hourly (client_id, service_type, natural_id, region, metric, `hour`, sample_count,"
                    + " value_sum, value_min, value_max) SELECT e.client_id, 'ec2', e.instance_id, e.region, 'cpu_utilization',"
                    + " DATE_FORMAT(e.scan_timestamp - INTERVAL h.seq HOUR, '%Y-%m-%d %H:00:00'), 12, 100 + h.seq + e.id % 7, h.seq,"
                    + " 20 + h.seq FROM ec2_instances e JOIN (SELECT 1 AS seq UNION ALL SELECT 2 UNION ALL SELECT 72) h"
                    + " WHERE e.scan_run_id = " + run);
        }
    }

    /** The rollups of the run's instances from a day and an hour before its scan to it, as text, in key order. */
    private List<Map<String, String>> hoursNear(long run) throws Exception {
        return query("SELECT h.* FROM performance_hourly h JOIN ec2_instances e ON h.client_id = e.client_id AND h.natural_id = e.instance_id"
                + " AND h.region = e.region WHERE e.scan_run_id = " + run + " AND h.`hour` >= e.scan_timestamp - INTERVAL 25 HOUR"
                + " AND h.`hour` <= e.scan_timestamp ORDER BY h.natural_id, h.region, h.metric, h.`hour`");
    }

    /** Every row of the run, its resources and their metrics, each column as text, in key order. */
    private Map<String, List<Map<String, String>>> rowsOf(long run) throws Exception {
        Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
        rows.put("scan_runs", query("SELECT * FROM scan_runs WHERE id = " + run));
        rows.put("ec2_instances", query("SELECT * FROM ec2_instances WHERE scan_run_id = " + run + " ORDER BY id"));
        rows.put("ec2_performance", query("SELECT p.* FROM ec2_performance p JOIN ec2_instances e ON e.id = p.ec2_instance_id"
                + " WHERE e.scan_run_id = " + run + " ORDER BY p.ec2_instance_id, p.`timestamp`"));
        return rows;
    }

    private List<Map<String, String>> query(String sql) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private String dataKey(long run) {
        return "tenants/" + tenant + "/scan-runs/" + run + ".jsonl.gz";
    }

    private String manifestKey(long run) {
        return "tenants/" + tenant + "/scan-runs/" + run + ".manifest.json";
    }
}
