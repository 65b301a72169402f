package io.clouddiagnoze.notification;

import static io.clouddiagnoze.notification.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.clouddiagnoze.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** As production runs it: no mail relay configured, and no internal destination allowed. */
@QuarkusTest
@TestProfile(ProductionRulesTest.AsInProduction.class)
class ProductionRulesTest {
    TestDatabase database;

    /** The settings production has where the tests' differ. */
    public static class AsInProduction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clouddiagnoze.alerts.smtp-host", "", "clouddiagnoze.alerts.allow-internal-destinations", "false");
        }
    }

    @Test
    void withoutAMailRelayAnEmailChannelIsRefusedSayingSo() {
        as(Fixtures.tenant(database)).body(Map.of("type", "email", "name", "sec", "addresses", List.of("sec@example.com")))
                .post("/api/alerts/channels").then().statusCode(400).contentType("application/problem+json")
                .body("type", is("urn:clouddiagnoze:problem:email-unavailable")).body("detail", containsString("SMTP_HOST"));
    }

    @Test
    void webhooksToThisHostOrOverPlainHttpAreRefused() {
        long tenant = Fixtures.tenant(database);
        for (String url : List.of("https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data/", "http://93.184.216.34/hook")) {
            as(tenant).body(Map.of("type", "webhook", "name", "internal", "url", url)).post("/api/alerts/channels").then()
                    .statusCode(400).contentType("application/problem+json").body("field", is("url"));
        }
        as(tenant).get("/api/alerts/channels").then().body("size()", is(0));
    }
}
