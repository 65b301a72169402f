package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.testsupport.PrometheusText;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A scan from request to closed run, through the real broker and database. */
@QuarkusTest
class ScanLifecycleTest {
    TestDatabase database;
    TestKafka kafka;
    private TestEvents events;
    private KafkaCompanion companion;

    @BeforeEach
    void connect() {
        events = new TestEvents(kafka.bootstrapServers());
        companion = new KafkaCompanion(kafka.bootstrapServers());
    }

    @AfterEach
    void disconnect() {
        events.close();
        companion.close();
    }

    @Test
    void aScanRequestGoesToTheServicesTopicWithItsTwoSignedScanTokens() throws Exception {
        long tenant = Fixtures.tenant(database);

        long run = startScan(tenant, "ec2", "eu-west-1").getLong("[0].id");

        ConsumerRecord<String, byte[]> request = awaitRequest(ServiceType.EC2, run);
        ScanRequested event = EventCodec.decode(request.value(), ScanRequested.class);
        assertThat(request.key()).isEqualTo(String.valueOf(tenant));
        assertThat(event.tenantId()).isEqualTo(tenant);
        assertThat(event.roleArn()).isEqualTo("arn:aws:iam::111122223333:role/CloudDiagnozeScanner");
        assertThat(event.externalId()).startsWith("cd-");
        assertThat(event.regions()).containsExactly("eu-west-1");
        assertThat(header(request, EventHeaders.CE_TYPE)).isEqualTo("io.clouddiagnoze.scan.requested.v1");
        JsonPath requestToken = claims(header(request, EventHeaders.REQUEST_TOKEN));
        JsonPath eventsToken = claims(header(request, EventHeaders.TENANT_TOKEN));
        for (JsonPath claims : List.of(requestToken, eventsToken)) {
            assertThat(claims.getString(TenantTokenClaims.TENANT)).isEqualTo(String.valueOf(tenant));
            assertThat(claims.getLong(TenantTokenClaims.SCAN_RUN)).isEqualTo(run);
            assertThat(claims.getString(TenantTokenClaims.SERVICE)).isEqualTo("ec2");
            assertThat(claims.getString("iss")).isEqualTo(TestTokens.SCAN_ISSUER);
        }
        // The request token binds the role and ExternalId to assume, and lives as long as the scan timeout (15 minutes).
        assertThat(requestToken.getString("aud")).isEqualTo(TenantTokenClaims.AUDIENCE_SCAN_REQUEST);
        assertThat(requestToken.getString(TenantTokenClaims.ROLE))
                .isEqualTo(TenantTokenClaims.roleDigest(event.roleArn(), event.externalId()));
        assertThat(requestToken.getLong("exp") - requestToken.getLong("iat")).isEqualTo(Duration.ofMinutes(15).toSeconds());
        // The events token lets the scan's batches and result be stored, and can start nothing.
        assertThat(eventsToken.getString("aud")).isEqualTo(TenantTokenClaims.AUDIENCE_SCAN_EVENTS);
        assertThat(eventsToken.getString(TenantTokenClaims.ROLE)).isNull();
        assertThat(eventsToken.getLong("exp") - eventsToken.getLong("iat")).isEqualTo(Duration.ofHours(1).toSeconds());
    }

    private static JsonPath claims(String token) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void scansStartedAllAtOnceSendEachRequestOnce() throws Exception {
        List<Long> tenants = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tenants.add(Fixtures.tenant(database));
        }
        var consumer = companion.consume(String.class, byte[].class).fromTopics(Topics.scanRequests(ServiceType.RDS));
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<Long>> started = new ArrayList<>();
            for (long tenant : tenants) {
                started.add(clients.submit(() -> startScan(tenant, "rds", null).getLong("[0].id")));
            }
            Set<Long> runs = new HashSet<>();
            for (Future<Long> run : started) {
                runs.add(run.get());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> database.count("SELECT COUNT(*) FROM scan_runs WHERE id IN ("
                    + runs.stream().map(String::valueOf).collect(Collectors.joining(",")) + ") AND request_published_at IS NOT NULL") == runs.size());
            // Whatever a second round would send is on its way by now.
            Thread.sleep(3_000);

            Map<Long, Long> sent = consumer.getRecords().stream().map(ScanLifecycleTest::runOf).filter(runs::contains).collect(Collectors.groupingBy(run -> run, Collectors.counting()));
            assertThat(sent).hasSize(runs.size()).allSatisfy((run, count) -> assertThat(count).as("requests of run %d", run).isEqualTo(1));
        } finally {
            clients.shutdownNow();
            consumer.stop();
        }
    }

    @Test
    void aRequestAnotherInstanceHasClaimedIsLeftToItUntilItsClaimLapses() throws Exception {
        long tenant = Fixtures.tenant(database);
        long run;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO scan_runs (user_id, service_type, scan_timestamp, relay_claim, relay_claimed_until)"
                    + " VALUES (" + tenant + ", 'vpc', UTC_TIMESTAMP(6), 'a round of another instance', UTC_TIMESTAMP(6) + INTERVAL 1 HOUR)",
                    Statement.RETURN_GENERATED_KEYS);
            ResultSet keys = statement.getGeneratedKeys();
            keys.next();
            run = keys.getLong(1);
        }
        var consumer = companion.consume(String.class, byte[].class).fromTopics(Topics.scanRequests(ServiceType.VPC));
        try {
            // Fifteen rounds of this instance's relay.
            Thread.sleep(3_000);
            assertThat(consumer.getRecords().stream().filter(record -> isFor(record, run))).isEmpty();
            assertThat(database.count("SELECT COUNT(*) FROM scan_runs WHERE request_published_at IS NULL AND id = " + run)).isEqualTo(1);

            // The other instance died: its claim lapses, and this instance sends the request, once.
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE scan_runs SET relay_claimed_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = " + run);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> database.count("SELECT COUNT(*) FROM scan_runs WHERE id = " + run
                    + " AND request_published_at IS NOT NULL AND relay_claim IS NULL") == 1);
            Thread.sleep(1_000);
            assertThat(consumer.getRecords().stream().filter(record -> isFor(record, run))).hasSize(1);
        } finally {
            consumer.stop();
        }
    }

    @Test
    void batchesAndAResultCloseTheRunWithEveryResourceStored() throws Exception {
        long tenant = Fixtures.tenant(database);
        long run = startScan(tenant, "ec2", null).getLong("[0].id");

        Fixtures.batch(events, tenant, run, ServiceType.EC2, 0, List.of(
                Fixtures.instance("i-0001", "us-east-1", "54.0.0.1", false, 22),
                Fixtures.instance("i-0002", "us-east-1", null, true)));
        Fixtures.batch(events, tenant, run, ServiceType.EC2, 1, List.of(Fixtures.instance("i-0003", "us-east-1", null, true)));
        Fixtures.result(events, tenant, run, ServiceType.EC2, 3);

        awaitStatus(tenant, run, "success");
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans/" + run)
                .then().statusCode(200).body("totalResources", equalTo(3)).body("service", equalTo("ec2"))
                .body("regionOutcomes[0].outcome", equalTo("ok"));
        assertThat(database.count("SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = " + run)).isEqualTo(3);
    }

    @Test
    void eachBatchStoredIsPublishedOnceWithTheRowIdsItsResourcesGotUnderTheScansToken() throws Exception {
        long tenant = Fixtures.tenant(database);
        long run = startScan(tenant, "ec2", null).getLong("[0].id");
        var consumer = companion.consume(String.class, byte[].class).fromTopics(Topics.RESOURCES_STORED);
        try {
            var first = List.of(Fixtures.instance("i-0001", "us-east-1", null, true), Fixtures.instance("i-0002", "us-east-1", null, true));
            Fixtures.batch(events, tenant, run, ServiceType.EC2, 0, first);
            Fixtures.batch(events, tenant, run, ServiceType.EC2, 0, first);
            Fixtures.batch(events, tenant, run, ServiceType.EC2, 1, List.of(Fixtures.instance("i-0003", "us-east-1", null, true)));
            Fixtures.result(events, tenant, run, ServiceType.EC2, 3);
            awaitStatus(tenant, run, "success");

            List<ConsumerRecord<String, byte[]>> published = await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getRecords()
                    .stream().filter(r -> decodeStored(r).scanRunId() == run).toList(), records -> records.size() >= 2);
            // The redelivered batch stored nothing and added no event: a second, later, would show here.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> consumer.getRecords()
                    .stream().filter(r -> decodeStored(r).scanRunId() == run).count() == 2);

            Map<String, Long> rowIds = new HashMap<>();
            try (Connection c = database.connect(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT id, instance_id FROM ec2_instances WHERE scan_run_id = " + run)) {
                while (rows.next()) {
                    rowIds.put(rows.getString(2), rows.getLong(1));
                }
            }
            List<ResourcesStored> stored = published.stream().map(ScanLifecycleTest::decodeStored).toList();
            assertThat(stored).extracting(ResourcesStored::batchSequence).containsExactlyInAnyOrder(0, 1);
            assertThat(stored).flatExtracting(ResourcesStored::resources).allSatisfy(resource -> {
                assertThat(resource.id()).isEqualTo(rowIds.get(resource.naturalId()));
                assertThat(resource.region()).isEqualTo("us-east-1");
            }).extracting(ResourcesStored.StoredResource::naturalId).containsExactlyInAnyOrder("i-0001", "i-0002", "i-0003");
            for (ConsumerRecord<String, byte[]> record : published) {
                assertThat(record.key()).isEqualTo(String.valueOf(tenant));
                JsonPath token = claims(header(record, EventHeaders.TENANT_TOKEN));
                assertThat(token.getString("aud")).isEqualTo(TenantTokenClaims.AUDIENCE_SCAN_EVENTS);
                assertThat(token.getLong(TenantTokenClaims.SCAN_RUN)).isEqualTo(run);
            }
            assertThat(database.count("SELECT COUNT(*) FROM stored_batches WHERE scan_run_id = " + run)).isZero();
        } finally {
            consumer.stop();
        }
    }

    private static ResourcesStored decodeStored(ConsumerRecord<String, byte[]> record) {
        try {
            return EventCodec.decode(record.value(), ResourcesStored.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void startedAndFinishedRunsTheirDurationAndTheResourcesIngestedAreOnTheMetricsEndpoint() throws Exception {
        String rds = "service=\"rds\"";
        String before = metrics();
        long tenant = Fixtures.tenant(database);
        long run = startScan(tenant, "rds", null).getLong("[0].id");
        Fixtures.batch(events, tenant, run, ServiceType.RDS, 0, List.of(Fixtures.database("db-1", false, 7, true, true),
                Fixtures.database("db-2", true, 1, false, false)));
        Fixtures.result(events, tenant, run, ServiceType.RDS, 2);
        awaitStatus(tenant, run, "success");

        String after = metrics();
        assertThat(delta(before, after, "clouddiagnoze_scans_started_total", rds)).isEqualTo(1);
        assertThat(delta(before, after, "clouddiagnoze_scans_finished_total", rds, "status=\"success\"")).isEqualTo(1);
        assertThat(delta(before, after, "clouddiagnoze_scans_duration_seconds_count", rds)).isEqualTo(1);
        assertThat(delta(before, after, "clouddiagnoze_resources_ingested_total", rds)).isEqualTo(2);
        assertThat(after).contains("kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void aResultBeforeItsBatchesWaitsForThemAndARedeliveredBatchAddsNothing() throws Exception {
        long tenant = Fixtures.tenant(database);
        long run = startScan(tenant, "s3", null).getLong("[0].id");
        var buckets = List.of(Fixtures.bucket("logs", false, S3Bucket.Encryption.SSE_S3, true),
                Fixtures.bucket("site", true, S3Bucket.Encryption.NONE, false));

        Fixtures.result(events, tenant, run, ServiceType.S3, 3);
        Fixtures.batch(events, tenant, run, ServiceType.S3, 0, buckets);
        Fixtures.batch(events, tenant, run, ServiceType.S3, 0, buckets);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans/" + run)
                        .then().body("status", equalTo("in_progress")));
        Fixtures.batch(events, tenant, run, ServiceType.S3, 1, List.of(Fixtures.bucket("backups", false, S3Bucket.Encryption.SSE_KMS, true)));

        awaitStatus(tenant, run, "success");
        assertThat(database.count("SELECT COUNT(*) FROM s3_buckets WHERE scan_run_id = " + run)).isEqualTo(3);
    }

    @Test
    void aTenantWithoutARoleCannotScanAndIsToldHowToSetOne() throws Exception {
        long tenant = Fixtures.tenant(database, null);

        given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON).body("{}")
                .when().post("/api/scans")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("PUT /auth/me/aws-role"));
        assertThat(database.count("SELECT COUNT(*) FROM scan_runs WHERE user_id = " + tenant)).isZero();
    }

    @Test
    void aServiceWithAScanInProgressCannotBeScannedAgain() throws Exception {
        long tenant = Fixtures.tenant(database);
        startScan(tenant, "vpc", null);

        given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON).body(Map.of("services", List.of("vpc")))
                .when().post("/api/scans")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(database.count("SELECT COUNT(*) FROM scan_runs WHERE user_id = " + tenant)).isEqualTo(1);
    }

    @Test
    void withoutServicesEveryServiceIsScanned() throws Exception {
        long tenant = Fixtures.tenant(database);

        given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON).body("{}")
                .when().post("/api/scans")
                .then().statusCode(202).body("$", hasSize(4)).body("service", org.hamcrest.Matchers.contains("ec2", "s3", "vpc", "rds"))
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("in_progress")));
    }

    @Test
    void anUnknownServiceOrAMalformedRegionIsRefused() throws Exception {
        long tenant = Fixtures.tenant(database);

        given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON).body(Map.of("services", List.of("lambda")))
                .when().post("/api/scans").then().statusCode(400).body("field", equalTo("services"));
        given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON)
                .body(Map.of("services", List.of("ec2"), "regions", List.of("us-east-1; DROP TABLE users")))
                .when().post("/api/scans").then().statusCode(400).body("field", equalTo("regions"));
        given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON).body(Map.of("services", "ec2"))
                .when().post("/api/scans").then().statusCode(400).body("field", equalTo("services"));
        assertThat(database.count("SELECT COUNT(*) FROM scan_runs WHERE user_id = " + tenant)).isZero();
    }

    @Test
    void aFinishedScanCanBeDeletedWithItsResourcesButNotWhileInProgress() throws Exception {
        long tenant = Fixtures.tenant(database);
        long run = startScan(tenant, "rds", null).getLong("[0].id");
        given().auth().oauth2(TestTokens.user(tenant)).when().delete("/api/scans/" + run).then().statusCode(409);

        Fixtures.batch(events, tenant, run, ServiceType.RDS, 0, List.of(Fixtures.database("orders", true, 1, false, false)));
        Fixtures.result(events, tenant, run, ServiceType.RDS, 1);
        awaitStatus(tenant, run, "success");

        given().auth().oauth2(TestTokens.user(tenant)).when().delete("/api/scans/" + run).then().statusCode(204);
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans/" + run).then().statusCode(404);
        assertThat(database.count("SELECT COUNT(*) FROM rds_instances WHERE scan_run_id = " + run)).isZero();
    }

    @Test
    void scansAreListedNewestFirstWithFiltersAndPages() throws Exception {
        long tenant = Fixtures.tenant(database);
        long first = startScan(tenant, "ec2", null).getLong("[0].id");
        long second = startScan(tenant, "s3", null).getLong("[0].id");

        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans")
                .then().statusCode(200).body("total", equalTo(2)).body("items.id", org.hamcrest.Matchers.contains((int) second, (int) first));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("service", "ec2").when().get("/api/scans")
                .then().body("total", equalTo(1)).body("items[0].id", equalTo((int) first));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("size", 1).queryParam("page", 1).when().get("/api/scans")
                .then().body("items", hasSize(1)).body("items[0].id", equalTo((int) first));
        for (var bad : List.of(Map.of("size", "0"), Map.of("page", "-1"), Map.of("status", "done"),
                Map.of("from", "yesterday"), Map.of("service", "lambda"), Map.of("size", "many"))) {
            given().auth().oauth2(TestTokens.user(tenant)).queryParams(bad).when().get("/api/scans")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String name, String... labels) {
        return PrometheusText.sum(after, name, labels) - PrometheusText.sum(before, name, labels);
    }

    private JsonPath startScan(long tenant, String service, String region) {
        Map<String, Object> body = region == null ? Map.of("services", List.of(service))
                : Map.of("services", List.of(service), "regions", List.of(region));
        return given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON).body(body)
                .when().post("/api/scans")
                .then().statusCode(202).extract().jsonPath();
    }

    private ConsumerRecord<String, byte[]> awaitRequest(ServiceType service, long run) throws Exception {
        var task = companion.consume(String.class, byte[].class).fromTopics(Topics.scanRequests(service));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> task.getRecords().stream().anyMatch(r -> isFor(r, run)));
            return task.getRecords().stream().filter(r -> isFor(r, run)).findFirst().orElseThrow();
        } finally {
            task.stop();
        }
    }

    private static boolean isFor(ConsumerRecord<String, byte[]> record, long run) {
        return runOf(record) == run;
    }

    /** The scan run a request is for, or -1 for a record that is not a scan request. */
    private static long runOf(ConsumerRecord<String, byte[]> record) {
        try {
            return EventCodec.decode(record.value(), ScanRequested.class).scanRunId();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void awaitStatus(long tenant, long run, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans/" + run)
                        .then().statusCode(200).body("status", equalTo(status)));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
