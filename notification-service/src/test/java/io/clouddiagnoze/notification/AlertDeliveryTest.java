package io.clouddiagnoze.notification;

import static io.clouddiagnoze.notification.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.testsupport.SmtpServer;
import io.clouddiagnoze.testsupport.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From the broker to the socket: each event matched against its tenant's rules and delivered once to each channel. */
@QuarkusTest
class AlertDeliveryTest extends EventsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Long enough for the dispatcher's many rounds: what has not come by then would not come at all. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Test
    void aBucketMadePublicReachesItsTenantsWebhookOnceSignedAndNoOtherTenant() throws Exception {
        long tenant = Fixtures.tenant(database);
        long other = Fixtures.tenant(database);
        try (WebhookReceiver ours = WebhookReceiver.accepting(); WebhookReceiver theirs = WebhookReceiver.accepting()) {
            JsonPath channel = Fixtures.webhook(tenant, ours.url());
            Fixtures.publicBucketRule(tenant, channel.getLong("id"));
            Fixtures.publicBucketRule(other, Fixtures.webhook(other, theirs.url()).getLong("id"));
            FindingChanged opened = Fixtures.bucketOpened(tenant, "acme-public-assets", "high");

            Fixtures.send(events, opened);
            await().atMost(WAIT).until(() -> ours.accepted().size() == 1);
            Fixtures.send(events, opened);
            Thread.sleep(QUIET.toMillis());

            assertThat(ours.requests()).hasSize(1);
            assertThat(theirs.requests()).isEmpty();
            WebhookReceiver.Request post = ours.requests().get(0);
            assertThat(WebhookReceiver.signedWith(post, channel.getString("secret"))).isTrue();
            assertThat(Long.parseLong(post.header("X-CloudDiagnoze-Timestamp")))
                    .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
            assertThat(post.header("Idempotency-Key")).isEqualTo("finding:" + opened.sequence() + "/" + channel.getLong("id"));
            JsonPath body = JsonPath.from(post.body());
            assertThat(body.getString("type")).isEqualTo("finding.opened");
            assertThat(body.getLong("tenantId")).isEqualTo(tenant);
            assertThat(body.getString("occurredAt")).isNotBlank();
            assertThat(body.getString("finding.checkId")).isEqualTo("s3_bucket_public_access");
            assertThat(body.getString("finding.severity")).isEqualTo("high");
            assertThat(body.getString("finding.resourceId")).isEqualTo("acme-public-assets");
            assertThat(body.getString("finding.region")).isEqualTo("eu-west-1");
            assertThat(body.getString("finding.remediation")).contains("Block Public Access");
            assertThat(body.getMap("resource")).containsEntry("service", "s3").containsEntry("region", "eu-west-1")
                    .containsEntry("resourceId", "acme-public-assets");
            assertThat(body.getMap("resource.tags")).isEqualTo(Map.of("team", "web", "env", "prod"));
            assertThat(body.getString("link")).endsWith("/#/resources/s3/acme-public-assets");
            assertThat(database.count("SELECT COUNT(*) FROM alert_deliveries WHERE client_id = " + tenant)).isOne();
            as(tenant).get("/api/alerts/deliveries").then().statusCode(200)
                    .body("size()", org.hamcrest.Matchers.is(1)).body("[0].status", org.hamcrest.Matchers.is("delivered"))
                    .body("[0].attempts", org.hamcrest.Matchers.is(1)).body("[0].eventType", org.hamcrest.Matchers.is("finding.opened"));
        }
    }

    @Test
    void aFindingBelowTheRulesSeverityOrOfAnotherServiceAlertsNobody() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Fixtures.publicBucketRule(tenant, Fixtures.webhook(tenant, receiver.url()).getLong("id"));

            Fixtures.send(events, Fixtures.bucketOpened(tenant, "acme-logs", "medium"));
            Fixtures.send(events, Fixtures.bucketOpened(tenant, "acme-critical", "critical"));

            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            Thread.sleep(QUIET.toMillis());
            assertThat(receiver.requests()).hasSize(1);
            assertThat(JsonPath.from(receiver.requests().get(0).body()).getString("finding.resourceId")).isEqualTo("acme-critical");
        }
    }

    @Test
    void aResourceChangeOfAWatchedFieldGoesToSlackWithBlocks() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (WebhookReceiver slack = WebhookReceiver.accepting()) {
            long channel = Fixtures.channel(tenant, Map.of("type", "slack", "name", "#sec", "url", slack.url())).getLong("id");
            Fixtures.rule(tenant, Map.of("name", "made public", "events", List.of("resource.changed"), "fields", List.of("is_public"),
                    "channelIds", List.of(channel)));

            Fixtures.send(events, Fixtures.madePublic(tenant, "acme-exports"));

            await().atMost(WAIT).until(() -> slack.accepted().size() == 1);
            JsonPath message = JsonPath.from(slack.requests().get(0).body());
            assertThat(message.getString("text")).contains("acme-exports").contains("is_public false → true");
            assertThat(message.getList("blocks.type")).contains("header", "section", "actions");
            assertThat(message.getString("blocks[1].text.text")).contains("Changed: is_public: false → true")
                    .contains("Resource: s3 acme-exports in eu-west-1").contains("Tags: team=web");
            assertThat(slack.requests().get(0).header("X-CloudDiagnoze-Signature")).isNull();
        }
    }

    @Test
    void anEmailChannelReceivesTheAlertOverSmtp() throws InterruptedException {
        long tenant = Fixtures.tenant(database);
        String address = "secops-" + tenant + "@example.com";
        long channel = Fixtures.channel(tenant, Map.of("type", "email", "name", "sec team", "addresses", List.of(address))).getLong("id");
        Fixtures.publicBucketRule(tenant, channel);

        Fixtures.send(events, Fixtures.bucketOpened(tenant, "acme-backups", "critical"));

        List<MimeMessage> mails = SmtpServer.mailsTo(address, 1, WAIT);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0)).satisfies(mail -> {
            assertThat(mail.getSubject()).startsWith("[CloudDiagnoze] Finding opened (critical)").contains("acme-backups");
            assertThat(mail.getContent().toString()).contains("Remediation: Turn on Block Public Access")
                    .contains("Resource: s3 acme-backups in eu-west-1").contains("Tags: env=prod, team=web")
                    .contains("/#/resources/s3/acme-backups");
        });
    }
}
