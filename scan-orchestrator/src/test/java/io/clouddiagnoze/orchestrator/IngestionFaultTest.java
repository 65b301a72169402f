package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.FieldLimits;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What once halted ingestion for every tenant: real AWS values longer than the seed's columns, a scan that failed in
 * every region, and a batch the database refuses. Each is stored, or ends its own run with a reason, and the
 * consumer goes on for everyone else.
 */
@QuarkusTest
class IngestionFaultTest {
    private static final String ORACLE_VERSION = "19.0.0.0.ru-2024-04.rur-2024-04.r1";
    private static final String LONG_STATUS = "inaccessible-encryption-credentials";
    /** AccessDenied as AWS words it for a role with no RDS permission: about 250 characters in every region. */
    private static final String DENIED = "AccessDenied: User: arn:aws:sts::111122223333:assumed-role/CloudDiagnozeScanner/"
            + "clouddiagnoze-scan-42 is not authorized to perform: rds:DescribeDBInstances because no identity-based policy"
            + " allows the rds:DescribeDBInstances action";

    TestDatabase database;
    TestKafka kafka;
    private ScanDriver driver;

    @BeforeEach
    void connect() {
        driver = new ScanDriver(kafka.bootstrapServers());
    }

    @AfterEach
    void disconnect() throws Exception {
        driver.close();
        admin("DROP TRIGGER IF EXISTS refuse_for_test");
    }

    @Test
    void realRdsValuesLongerThanTheSeedsColumnsAreStoredWhole() throws Exception {
        long tenant = Fixtures.tenant(database);

        driver.completedScan(tenant, ServiceType.RDS, List.of(oracle("legacy-db", ORACLE_VERSION)));

        JsonPath inventory = given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/rds")
                .then().statusCode(200).extract().jsonPath();
        assertThat(inventory.getString("resources.items[0].engineVersion")).isEqualTo(ORACLE_VERSION);
        assertThat(inventory.getString("resources.items[0].status")).isEqualTo(LONG_STATUS);
    }

    @Test
    void aScanThatFailedInSeventeenRegionsClosesWithItsSummaryAndEveryRegionsReason() throws Exception {
        long tenant = Fixtures.tenant(database);
        long run = startScan(tenant, "rds");
        List<RegionOutcome> regions = IntStream.range(0, 17)
                .mapToObj(i -> new RegionOutcome("region-" + i, RegionOutcome.Outcome.ERROR, 0, DENIED + " (" + i + ")")).toList();
        String summary = String.join("; ", regions.stream().map(r -> r.region() + ": " + r.detail()).toList());
        assertThat(summary).hasSizeGreaterThan(FieldLimits.ERROR_DETAIL);

        driver.events().send(Topics.SCAN_RESULTS, String.valueOf(tenant), new ScanResult(run, tenant, ServiceType.RDS,
                        ScanResult.Status.ERROR, 0, 0, regions, summary, Instant.now()),
                TestTokens.scanEvents(tenant, run, ServiceType.RDS));

        JsonPath view = awaitClosed(tenant, run);
        assertThat(view.getString("status")).isEqualTo("error");
        assertThat(view.getString("error")).startsWith("region-0: " + DENIED).hasSize(FieldLimits.ERROR_DETAIL);
        assertThat(view.getList("regionOutcomes")).hasSize(17);
    }

    /**
     * A batch the database refuses for good (here a trigger that refuses one engine with the SQLSTATE of "Data too long")
     * must hold up no one: its run closes as an error that says why, the batch is dead-lettered, and the next tenant's
     * scan succeeds.
     */
    @Test
    void aBatchTheDatabaseRefusesEndsItsRunAsAnErrorAndTheNextTenantsScanSucceeds() throws Exception {
        admin("CREATE TRIGGER refuse_for_test BEFORE INSERT ON rds_instances FOR EACH ROW"
                + " BEGIN IF NEW.engine = 'refused-engine' THEN"
                + " SIGNAL SQLSTATE '22001' SET MESSAGE_TEXT = 'Data too long for column engine_version (test)'; END IF; END");
        long tenant = Fixtures.tenant(database);
        long run = startScan(tenant, "rds");
        try (KafkaCompanion companion = new KafkaCompanion(kafka.bootstrapServers())) {
            var letters = companion.consume(String.class, byte[].class).fromTopics(Topics.DEAD_LETTER);

            driver.events().send(Topics.RESOURCES_DISCOVERED, String.valueOf(tenant), new ResourcesDiscovered(run, tenant,
                    ServiceType.RDS, "us-east-1", 0, List.of(oracle("refused-db", "19.0"), refusedEngine()), Instant.now()),
                    TestTokens.scanEvents(tenant, run, ServiceType.RDS));

            JsonPath view = awaitClosed(tenant, run);
            assertThat(view.getString("status")).isEqualTo("error");
            assertThat(view.getString("error")).contains("batch 0 (2 resources in us-east-1) refused by the database")
                    .contains("refused by the database: Data too long for column engine_version (test) (error 1644, SQLSTATE 22001)");
            DeadLetter letter = await().atMost(Duration.ofSeconds(20)).until(() -> letters.getRecords().stream()
                    .map(r -> decode(r.value())).filter(l -> l.payload().contains("refused-db")).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
            assertThat(letter.reason()).contains("refused by the database");
            letters.stop();
        }
        assertThat(database.count("SELECT COUNT(*) FROM rds_instances WHERE scan_run_id = " + run)).isZero();

        long next = driver.completedScan(Fixtures.tenant(database), ServiceType.RDS, List.of(oracle("orders-db", ORACLE_VERSION)));

        assertThat(database.count("SELECT COUNT(*) FROM rds_instances WHERE scan_run_id = " + next)).isEqualTo(1);
    }

    /**
     * A failure that might pass (here a trigger signalling an unhandled condition, SQLSTATE 45000, every time) is retried
     * for the retry window (10 s in the tests), then dead-lettered with its last failure: it holds up the consumer for
     * no longer than that, and the next tenant's batch is stored.
     */
    @Test
    void aBatchStillFailingAfterTheRetryWindowIsDeadLetteredAndTheNextIsStored() throws Exception {
        admin("CREATE TRIGGER refuse_for_test BEFORE INSERT ON rds_instances FOR EACH ROW"
                + " BEGIN IF NEW.engine = 'failing-engine' THEN"
                + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'failing every time (test)'; END IF; END");
        long tenant = Fixtures.tenant(database);
        long run = startScan(tenant, "rds");
        try (KafkaCompanion companion = new KafkaCompanion(kafka.bootstrapServers())) {
            var letters = companion.consume(String.class, byte[].class).fromTopics(Topics.DEAD_LETTER);

            driver.events().send(Topics.RESOURCES_DISCOVERED, String.valueOf(tenant), new ResourcesDiscovered(run, tenant,
                    ServiceType.RDS, "us-east-1", 0, List.of(new RdsInstance("failing-db", "failing-engine", "1", 20, false, 7,
                            true, false, "db.t3.micro", "available", false, "us-east-1", true, Map.of())), Instant.now()),
                    TestTokens.scanEvents(tenant, run, ServiceType.RDS));
            long next = driver.completedScan(Fixtures.tenant(database), ServiceType.RDS, List.of(oracle("next-db", ORACLE_VERSION)));

            DeadLetter letter = await().atMost(Duration.ofSeconds(30)).until(() -> letters.getRecords().stream()
                    .map(r -> decode(r.value())).filter(l -> l.payload().contains("failing-db")).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
            assertThat(letter.reason()).startsWith("still failing after the retry window (PT10S)")
                    .contains("failing every time (test)");
            assertThat(database.count("SELECT COUNT(*) FROM rds_instances WHERE scan_run_id = " + next)).isEqualTo(1);
            letters.stop();
        }
    }

    private static RdsInstance oracle(String id, String version) {
        return new RdsInstance(id, "oracle-ee", version, 100, false, 7, true, false, "db.r5.large", LONG_STATUS, true, "us-east-1", true, Map.of());
    }

    private static RdsInstance refusedEngine() {
        return new RdsInstance("refused-engine-db", "refused-engine", "1", 20, false, 7, true, false, "db.t3.micro", "available",
                false, "us-east-1", true, Map.of());
    }

    private static long startScan(long tenant, String service) {
        return given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON)
                .body(Map.of("services", List.of(service))).when().post("/api/scans")
                .then().statusCode(202).extract().jsonPath().getLong("[0].id");
    }

    private static JsonPath awaitClosed(long tenant, long run) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.user(tenant))
                .when().get("/api/scans/" + run).then().body("status", org.hamcrest.Matchers.not(equalTo("in_progress"))));
        return given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans/" + run).then().extract().jsonPath();
    }

    private void admin(String sql) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static DeadLetter decode(byte[] value) {
        try {
            return EventCodec.decode(value, DeadLetter.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
