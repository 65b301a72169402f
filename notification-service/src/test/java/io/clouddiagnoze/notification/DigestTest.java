package io.clouddiagnoze.notification;

import static io.clouddiagnoze.notification.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.testsupport.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A digest rule: what it matches waits, and goes out as one signed message once the oldest of it is the rule's hours old. */
@QuarkusTest
class DigestTest extends EventsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Many rounds of the composer and the dispatcher: what has not come by then would not come at all. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Test
    void whatADigestRuleMatchesGoesOutAsOneMessageOnceItsHoursHavePassed() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            JsonPath channel = Fixtures.webhook(tenant, receiver.url());
            long rule = Fixtures.rule(tenant, Map.of("name", "public buckets, twice a day", "events", List.of("finding.opened"),
                    "minSeverity", "high", "services", List.of("s3"), "channelIds", List.of(channel.getLong("id")),
                    "delivery", "digest", "digestHours", 12));
            as(tenant).get("/api/alerts/rules/" + rule).then().statusCode(200).body("delivery", is("digest")).body("digestHours", is(12));
            List<FindingChanged> opened = List.of(Fixtures.bucketOpened(tenant, "acme-a", "high"),
                    Fixtures.bucketOpened(tenant, "acme-b", "critical"), Fixtures.bucketOpened(tenant, "acme-c", "high"));
            opened.forEach(event -> Fixtures.send(events, event));
            String waiting = "SELECT COUNT(*) FROM alert_digest_items WHERE digest_delivery_id IS NULL AND rule_id = " + rule;
            await().atMost(WAIT).until(() -> database.count(waiting) == 3);
            Fixtures.send(events, opened.get(0));
            Thread.sleep(QUIET.toMillis());
            assertThat(receiver.requests()).as("nothing before the rule's hours have passed").isEmpty();
            assertThat(database.count(waiting)).as("an event taken twice waits once").isEqualTo(3);

            // Twelve hours pass: the alerts are made that much older, the one thing a test cannot wait for.
            try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
                sql.executeUpdate("UPDATE alert_digest_items SET created_at = created_at - INTERVAL 12 HOUR WHERE rule_id = " + rule);
            }
            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            Fixtures.send(events, opened.get(1));
            Thread.sleep(QUIET.toMillis());

            assertThat(receiver.requests()).as("one digest, and a replay of what it carried adds nothing").hasSize(1);
            WebhookReceiver.Request post = receiver.requests().get(0);
            assertThat(WebhookReceiver.signedWith(post, channel.getString("secret"))).isTrue();
            JsonPath digest = JsonPath.from(post.body());
            assertThat(digest.getString("type")).isEqualTo("digest");
            assertThat(digest.getLong("tenantId")).isEqualTo(tenant);
            assertThat(digest.getString("summary")).startsWith("3 alerts from the rule \"public buckets, twice a day\" since ");
            assertThat(digest.getList("alerts.finding.resourceId", String.class)).containsExactly("acme-a", "acme-b", "acme-c");
            assertThat(digest.getList("alerts.type", String.class)).containsOnly("finding.opened");
            assertThat(database.count(waiting)).isZero();
            as(tenant).get("/api/alerts/deliveries").then().statusCode(200).body("size()", is(1))
                    .body("[0].eventType", is("digest")).body("[0].status", is("delivered"));
        }
    }
}
