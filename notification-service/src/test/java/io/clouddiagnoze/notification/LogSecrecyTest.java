package io.clouddiagnoze.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clouddiagnoze.testsupport.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A webhook's signing secret and a Slack webhook's URL (its credential) never reach the log, even at DEBUG and failing. */
@QuarkusTest
class LogSecrecyTest extends EventsTest {

    @Test
    void noSecretOrSlackUrlIsLogged() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (WebhookReceiver hook = WebhookReceiver.answering(500); WebhookReceiver slack = WebhookReceiver.answering(500)) {
            String secret = Fixtures.webhook(tenant, hook.url()).getString("secret");
            String slackToken = "T0SECRET/B0SECRET/" + System.nanoTime();
            long slackChannel = Fixtures.channel(tenant, Map.of("type", "slack", "name", "#sec", "url", slack.url() + "/" + slackToken))
                    .getLong("id");
            Fixtures.publicBucketRule(tenant, slackChannel);
            Fixtures.as(tenant).post("/api/alerts/channels/" + slackChannel + "/test").then().statusCode(502);
            Fixtures.send(events, Fixtures.bucketOpened(tenant, "acme-logged", "high"));
            await().atMost(Duration.ofSeconds(20)).until(() -> slack.accepted().size() == 1);

            String log = Files.readString(Path.of("target/notification-service-test.log"));

            assertThat(log).contains("Installed features").contains("HTTP 500");
            assertThat(log).doesNotContain(secret, slackToken);
        }
    }
}
