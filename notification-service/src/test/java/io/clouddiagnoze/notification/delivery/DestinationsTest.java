package io.clouddiagnoze.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.testsupport.WebhookReceiver;
import io.vertx.mutiny.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where production refuses to post alerts (SSRF), and where the launcher and tests may. */
class DestinationsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Destinations production = new Destinations(false);
    private final Destinations local = new Destinations(true);

    @Test
    void productionRefusesInternalAddressesWhateverTheirSpelling() {
        for (String url : new String[] {"https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/hook",
                "https://172.16.0.1/hook", "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data/",
                "https://100.64.0.1/hook", "https://0.0.0.0/hook", "https://[::1]/hook", "https://[fd00::1]/hook",
                "https://[fe80::1]/hook", "https://[::ffff:169.254.169.254]/hook", "https://2130706433/hook"}) {
            assertThatThrownBy(() -> production.check(url).await().atMost(WAIT)).as(url).isInstanceOf(DeliveryFailure.class)
                    .hasMessageContaining("internal address");
        }
    }

    @Test
    void productionPostsOnlyOverHttpsToPublicAddresses() throws Exception {
        assertThatThrownBy(() -> production.check("http://93.184.216.34/hook")).isInstanceOf(DeliveryFailure.class)
                .hasMessageContaining("https");
        assertThat(production.check("https://93.184.216.34/hook").await().atMost(WAIT)).isEqualTo(new Destinations.Target(
                URI.create("https://93.184.216.34/hook"), InetAddress.getByName("93.184.216.34")));
    }

    @Test
    void neitherTakesWhatIsNoWebURL() {
        for (Destinations destinations : new Destinations[] {production, local}) {
            assertThatThrownBy(() -> destinations.parse("file:///etc/passwd")).isInstanceOf(DeliveryFailure.class);
            assertThatThrownBy(() -> destinations.parse("https://user:pw@example.com/hook")).isInstanceOf(DeliveryFailure.class);
            assertThatThrownBy(() -> destinations.parse("not a url")).isInstanceOf(DeliveryFailure.class);
        }
    }

    @Test
    void theLauncherMayPostToAReceiverOnThisHost() {
        assertThat(local.check("http://127.0.0.1:9000/hook").await().atMost(WAIT).port()).isEqualTo(9000);
    }

    /**
     * A request goes to the address the check found, never to a second resolution of the name, which DNS rebinding could
     * point inside: a name that resolves nowhere reaches the receiver at the address it was checked at, named in the Host
     * header.
     */
    @Test
    void aRequestGoesToTheAddressChecked() {
        Vertx vertx = Vertx.vertx();
        Outbound outbound = new Outbound(vertx, local, WAIT, WAIT);
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            int port = URI.create(receiver.url()).getPort();
            Destinations.Target checked = new Destinations.Target(URI.create("http://rebound.invalid:" + port + "/hooks?team=security"),
                    InetAddress.getLoopbackAddress());
            outbound.postJson(checked, Map.of("Idempotency-Key", "pinned"), "{}").await().atMost(WAIT);
            assertThat(receiver.requests()).singleElement().satisfies(request -> {
                assertThat(request.header("Host")).isEqualTo("rebound.invalid:" + port);
                assertThat(request.header("Idempotency-Key")).isEqualTo("pinned");
            });
        } finally {
            outbound.close();
            vertx.closeAndAwait();
        }
    }

    @Test
    void publicAddressesAreNotInternal() throws Exception {
        assertThat(Destinations.internal(InetAddress.getByName("93.184.216.34"))).isFalse();
        assertThat(Destinations.internal(InetAddress.getByName("2606:2800:220:1::1"))).isFalse();
        assertThat(Destinations.internal(InetAddress.getByName("100.128.0.1"))).isFalse();
    }
}
