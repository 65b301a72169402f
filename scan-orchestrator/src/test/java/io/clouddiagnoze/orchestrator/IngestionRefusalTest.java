package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records the orchestrator must refuse: each goes to the dead-letter topic with its reason, writes
 * nothing, and consumption goes on.
 */
@QuarkusTest
class IngestionRefusalTest {
    TestDatabase database;
    TestKafka kafka;
    private TestEvents events;
    private KafkaCompanion companion;
    private long tenant;
    private long run;

    @BeforeEach
    void startAScan() throws Exception {
        events = new TestEvents(kafka.bootstrapServers());
        companion = new KafkaCompanion(kafka.bootstrapServers());
        tenant = Fixtures.tenant(database);
        run = given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON)
                .body(Map.of("services", List.of("ec2"))).when().post("/api/scans")
                .then().statusCode(202).extract().jsonPath().getLong("[0].id");
    }

    @AfterEach
    void disconnect() {
        events.close();
        companion.close();
    }

    @Test
    void aTokenSignedByAnUnknownKeyIsDeadLettered() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = TestTokens.scanEventsClaims(tenant, run, ServiceType.EC2).expiresIn(3600)
                .jws().keyId(TestTokens.SCAN_KEY_ID).sign(generator.generateKeyPair().getPrivate());

        sendBatch(batch(tenant, run, "i-0f01"), forged);

        assertRefused("i-0f01", "tenant token refused");
    }

    @Test
    void anExpiredTokenIsDeadLettered() {
        Instant past = Instant.now().minusSeconds(7200);
        String expired = TestTokens.signScanAsIs(TestTokens.scanEventsClaims(tenant, run, ServiceType.EC2).issuedAt(past)
                .expiresAt(past.plusSeconds(60)));

        sendBatch(batch(tenant, run, "i-0e02"), expired);

        assertRefused("i-0e02", "tenant token expired at");
    }

    /** The request's token (which may start a scan) cannot feed one: a batch needs its scan's events token. */
    @Test
    void aScanRequestTokenIsNotAnEventsToken() {
        sendBatch(batch(tenant, run, "i-0e03"), TestTokens.scanRequest(tenant, run, ServiceType.EC2,
                "arn:aws:iam::111122223333:role/CloudDiagnozeScanner", "cd-any"));

        assertRefused("i-0e03", "tenant token refused");
    }

    @Test
    void aUserAccessTokenIsNotAScanToken() {
        sendBatch(batch(tenant, run, "i-0a03"), TestTokens.user(tenant));

        assertRefused("i-0a03", "tenant token refused");
    }

    @Test
    void aTokenForAnotherScanRunIsDeadLettered() {
        sendBatch(batch(tenant, run, "i-0b04"), TestTokens.scanEvents(tenant, run + 1000, ServiceType.EC2));

        assertRefused("i-0b04", "scan_run");
    }

    @Test
    void anotherTenantCannotWriteIntoThisTenantsScanRun() throws Exception {
        long intruder = Fixtures.tenant(database);

        sendBatch(batch(intruder, run, "i-0c05"), TestTokens.scanEvents(intruder, run, ServiceType.EC2));

        assertRefused("i-0c05", "does not belong to tenant");
        assertThat(database.count("SELECT COUNT(*) FROM ec2_instances WHERE client_id = " + intruder)).isZero();
    }

    @Test
    void aRecordWithoutTokenIsDeadLettered() {
        sendBatch(batch(tenant, run, "i-0d06"), null);

        assertRefused("i-0d06", "no tenant token");
    }

    @Test
    void aPayloadThatIsNotJsonOrBreaksTheSchemaIsDeadLettered() {
        String marker = "i-0garbage" + UUID.randomUUID().toString().substring(0, 6);
        events.send(Topics.RESOURCES_DISCOVERED, String.valueOf(tenant), EventType.RESOURCES_DISCOVERED.ceType(),
                ("{not json " + marker).getBytes(StandardCharsets.UTF_8), TestTokens.scanEvents(tenant, run, ServiceType.EC2));
        events.send(Topics.RESOURCES_DISCOVERED, String.valueOf(tenant), EventType.RESOURCES_DISCOVERED.ceType(),
                ("{\"scanRunId\": " + run + ", \"note\": \"" + marker + "\"}").getBytes(StandardCharsets.UTF_8),
                TestTokens.scanEvents(tenant, run, ServiceType.EC2));

        List<DeadLetter> letters = await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters().stream()
                .filter(l -> l.payload() != null && l.payload().contains(marker)).toList(), found -> found.size() == 2);
        assertThat(letters).allSatisfy(l -> assertThat(l.reason()).contains("not a valid"));
    }

    @Test
    void anUnknownEventVersionIsDeadLettered() {
        events.send(Topics.RESOURCES_DISCOVERED, String.valueOf(tenant), "io.clouddiagnoze.resources.discovered.v9",
                EventCodec.encode(batch(tenant, run, "i-0a09")), TestTokens.scanEvents(tenant, run, ServiceType.EC2));

        assertRefused("i-0a09", "expected ce_type");
    }

    @Test
    void aBatchForAClosedRunIsDeadLetteredAndConsumptionGoesOn() throws Exception {
        Fixtures.result(events, tenant, run, ServiceType.EC2, 0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                database.count("SELECT COUNT(*) FROM scan_runs WHERE status = 'success' AND id = " + run)).isEqualTo(1));

        sendBatch(batch(tenant, run, "i-0a10"), TestTokens.scanEvents(tenant, run, ServiceType.EC2));

        assertRefused("i-0a10", "is closed");
    }

    private ResourcesDiscovered batch(long tenantId, long scanRun, String instanceId) {
        return new ResourcesDiscovered(scanRun, tenantId, ServiceType.EC2, "us-east-1", 0,
                List.of(Fixtures.instance(instanceId, "us-east-1", null, true)), Instant.now());
    }

    private void sendBatch(ResourcesDiscovered batch, String token) {
        events.send(Topics.RESOURCES_DISCOVERED, String.valueOf(batch.tenantId()), batch, token);
    }

    private void assertRefused(String instanceId, String reason) {
        DeadLetter letter = await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters().stream()
                .filter(l -> l.payload() != null && l.payload().contains(instanceId)).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(letter.reason()).contains(reason);
        assertThat(letter.originalTopic()).isEqualTo(Topics.RESOURCES_DISCOVERED);
        assertThat(letter.failedBy()).isEqualTo("scan-orchestrator");
        try {
            assertThat(database.count("SELECT COUNT(*) FROM ec2_instances WHERE instance_id = '" + instanceId + "'"))
                    .isZero();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<DeadLetter> deadLetters() {
        var task = companion.consume(String.class, byte[].class).fromTopics(Topics.DEAD_LETTER);
        try {
            task.awaitNoRecords(Duration.ofMillis(300));
        } catch (AssertionError more) {
            // records arrived; keep them
        }
        task.stop();
        return task.getRecords().stream().map(r -> {
            try {
                return EventCodec.decode(r.value(), DeadLetter.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
