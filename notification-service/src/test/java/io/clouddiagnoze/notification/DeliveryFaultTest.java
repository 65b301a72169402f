package io.clouddiagnoze.notification;

import static io.clouddiagnoze.notification.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.testsupport.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Receivers that fail, channels that keep failing, and records that cannot be read. */
@QuarkusTest
class DeliveryFaultTest extends EventsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aReceiverAnswering500ThreeTimesGetsTheAlertOnceOnTheFourthAttempt() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 500, 500)) {
            JsonPath channel = Fixtures.webhook(tenant, receiver.url());
            Fixtures.publicBucketRule(tenant, channel.getLong("id"));

            Fixtures.send(events, Fixtures.bucketOpened(tenant, "acme-flaky", "high"));

            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            Thread.sleep(2000);
            assertThat(receiver.requests()).extracting(WebhookReceiver.Request::status).containsExactly(500, 500, 500, 200);
            assertThat(receiver.requests()).extracting(request -> request.header("Idempotency-Key")).containsOnly(
                    receiver.requests().get(0).header("Idempotency-Key"));
            assertThat(receiver.requests()).allMatch(request -> WebhookReceiver.signedWith(request, channel.getString("secret")));
            as(tenant).get("/api/alerts/deliveries").then().statusCode(200).body("[0].status", is("delivered"))
                    .body("[0].attempts", is(4));
        }
    }

    @Test
    void aChannelThatKeepsFailingIsPausedAndSavingItResumesIt() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            receiver.answerFromNowOn(503);
            long channel = Fixtures.webhook(tenant, receiver.url()).getLong("id");
            Fixtures.publicBucketRule(tenant, channel);
            Fixtures.send(events, Fixtures.bucketOpened(tenant, "acme-down", "high"));
            await().atMost(WAIT).until(() -> !receiver.requests().isEmpty());

            // The receiver has been failing for longer than the pause-after period (6 hours), as far as the service knows.
            try (Connection admin = database.connect(); Statement s = admin.createStatement()) {
                s.executeUpdate("UPDATE alert_channels SET failing_since = UTC_TIMESTAMP(6) - INTERVAL 7 HOUR WHERE id = " + channel);
            }

            await().atMost(WAIT).untilAsserted(() -> as(tenant).get("/api/alerts/channels/" + channel).then().statusCode(200)
                    .body("pausedAt", notNullValue()).body("pausedReason", containsString("HTTP 503")));
            int taken = receiver.requests().size();
            Thread.sleep(1500);
            assertThat(receiver.requests()).hasSize(taken);

            receiver.answerFromNowOn(200);
            as(tenant).body(Map.of("type", "webhook", "name", "ops again", "url", receiver.url()))
                    .put("/api/alerts/channels/" + channel).then().statusCode(200).body("pausedAt", org.hamcrest.Matchers.nullValue());
            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            as(tenant).get("/api/alerts/deliveries").then().body("[0].status", is("delivered"));
        }
    }

    @Test
    void theTestButtonSendsASignedTestMessageOrSaysWhyItDidNot() {
        long tenant = Fixtures.tenant(database);
        try (WebhookReceiver receiver = WebhookReceiver.answering(200, 500)) {
            JsonPath channel = Fixtures.webhook(tenant, receiver.url());
            String test = "/api/alerts/channels/" + channel.getLong("id") + "/test";

            as(tenant).post(test).then().statusCode(204);
            as(tenant).post(test).then().statusCode(502).contentType("application/problem+json")
                    .body("detail", containsString("HTTP 500"));

            WebhookReceiver.Request first = receiver.requests().get(0);
            assertThat(JsonPath.from(first.body()).getString("type")).isEqualTo("test");
            assertThat(WebhookReceiver.signedWith(first, channel.getString("secret"))).isTrue();
            as(Fixtures.tenant(database)).post(test).then().statusCode(404);
        }
    }

    @Test
    void aRecordThatIsNoEventIsDeadLetteredAndTheNextIsStillDelivered() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (WebhookReceiver receiver = WebhookReceiver.accepting(); KafkaCompanion companion = new KafkaCompanion(kafka.bootstrapServers())) {
            Fixtures.publicBucketRule(tenant, Fixtures.webhook(tenant, receiver.url()).getLong("id"));
            String poison = "{\"sequence\": \"poison-" + tenant + "\"}";

            events.send(Topics.FINDINGS_CHANGED, String.valueOf(tenant), EventType.FINDING_CHANGED.ceType(),
                    poison.getBytes(StandardCharsets.UTF_8), null);
            Fixtures.send(events, Fixtures.bucketOpened(tenant, "acme-after-poison", "high"));

            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            DeadLetter letter = await().atMost(WAIT).until(() -> deadLetters(companion).stream()
                    .filter(l -> l.payload() != null && l.payload().contains("poison-" + tenant)).findFirst(), Optional::isPresent).orElseThrow();
            assertThat(letter.originalTopic()).isEqualTo(Topics.FINDINGS_CHANGED);
            assertThat(letter.failedBy()).isEqualTo("notification-service");
            assertThat(letter.reason()).contains("not a valid");
        }
    }

    private static List<DeadLetter> deadLetters(KafkaCompanion companion) {
        var task = companion.consume(String.class, byte[].class).fromTopics(Topics.DEAD_LETTER);
        try {
            task.awaitNoRecords(Duration.ofMillis(300));
        } catch (AssertionError arrived) {
            // records arrived: they are what is read
        }
        task.stop();
        return task.getRecords().stream().map(record -> {
                    try {
                        return EventCodec.decode(record.value(), DeadLetter.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }
}
