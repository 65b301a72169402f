package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.contracts.events.FindingChanged.Change;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each finding opened, muted, unmuted and resolved is published on findings-changed, as the API shows it. */
@QuarkusTest
class FindingEventsTest {
    private static final String PUBLIC_BUCKET = "s3_bucket_public_access";

    TestDatabase database;
    TestKafka kafka;

    @Test
    void aFindingsLifeIsPublishedInOrderWithTheFindingAsTheApiShowsIt() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (ScanDriver driver = new ScanDriver(kafka.bootstrapServers());
             KafkaCompanion companion = new KafkaCompanion(kafka.bootstrapServers())) {
            ConsumerTask<String, byte[]> task = companion.consume(String.class, byte[].class).fromTopics(Topics.FINDINGS_CHANGED);

            long opened = scanSite(driver, tenant, true);
            FindingChanged open = await().atMost(Duration.ofSeconds(20)).until(() -> changes(task, tenant), list -> list.size() == 1).get(0);
            long id = open.finding().id();
            assertThat(open.change()).isEqualTo(Change.OPENED);
            assertThat(open.finding()).satisfies(f -> {
                assertThat(f.checkId()).isEqualTo(PUBLIC_BUCKET);
                assertThat(f.status()).isEqualTo("open");
                assertThat(f.firstSeenScanRunId()).isEqualTo(opened);
                assertThat(f.compliance()).isEmpty();
            });

            given().auth().oauth2(TestTokens.user(tenant)).contentType("application/json")
                    .body(Map.of("reason", "a public website", "until", Instant.now().plusSeconds(86_400).toString()))
                    .when().put("/api/findings/" + id + "/mute").then().statusCode(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> changes(task, tenant), list -> list.size() == 2);
            given().auth().oauth2(TestTokens.user(tenant)).when().delete("/api/findings/" + id + "/mute").then().statusCode(204);
            await().atMost(Duration.ofSeconds(20)).until(() -> changes(task, tenant), list -> list.size() == 3);
            long resolvedBy = scanSite(driver, tenant, false);
            List<FindingChanged> all = await().atMost(Duration.ofSeconds(20)).until(() -> changes(task, tenant), list -> list.size() == 4);
            task.stop();

            assertThat(all).extracting(FindingChanged::change).containsExactly(Change.OPENED, Change.MUTED, Change.UNMUTED, Change.RESOLVED);
            assertThat(all.get(1).finding().mute().reason()).isEqualTo("a public website");
            // Each carries the bucket's tags as the scan that last saw it failing found them, for the alert to name.
            assertThat(all).extracting(FindingChanged::resourceTags).containsOnly(Map.of("team", "storage"));
            assertThat(task.getRecords()).allSatisfy(record -> {
                assertThat(record.headers().headers(EventHeaders.TENANT_TOKEN)).isEmpty();
            });
            // The last event carries what the API shows.
            Map<String, Object> shown = given().auth().oauth2(TestTokens.user(tenant)).queryParam("status", "resolved")
                    .queryParam("checkId", PUBLIC_BUCKET).when().get("/api/findings").then().statusCode(200).extract().jsonPath()
                    .getMap("findings[0]");
            var resolved = all.get(3).finding();
            assertThat(shown).containsEntry("id", (int) id).containsEntry("status", resolved.status())
                    .containsEntry("resolvedScanRunId", (int) resolvedBy).containsEntry("resolvedAt", resolved.resolvedAt().toString());
            // An event leaves out what is null: the evidence's fields that the bucket does not set.
            @SuppressWarnings("unchecked") Map<String, Object> evidence = (Map<String, Object>) shown.get("evidence");
            assertThat(evidence).containsAllEntriesOf(resolved.evidence());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    database.count("SELECT COUNT(*) FROM finding_changes WHERE client_id = " + tenant) == 0);
        }
    }

    /** The changes of the tenant's public-bucket finding published so far, in the order of the topic. */
    private static List<FindingChanged> changes(ConsumerTask<String, byte[]> task, long tenant) {
        return task.getRecords().stream().filter(record -> record.key().equals(String.valueOf(tenant))).map(record -> {
            try {
                return EventCodec.decode(record.value(), FindingChanged.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(change -> change.finding().checkId().equals(PUBLIC_BUCKET)).toList();
    }

    private static long scanSite(ScanDriver driver, long tenant, boolean publicBucket) {
        return driver.completedScan(tenant, ServiceType.S3, List.of(Fixtures.bucket("site", publicBucket, S3Bucket.Encryption.SSE_S3, true)));
    }
}
