package io.clouddiagnoze.notification;

import static io.clouddiagnoze.notification.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.clouddiagnoze.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The channels and rules API as a client scripts it, and every refusal as a problem body. */
@QuarkusTest
class ChannelApiTest {
    private static final String HOOK = "http://127.0.0.1:9/hook";

    TestDatabase database;

    @Test
    void aWebhookChannelIsAnsweredWithItsSecretOnceAndNeverAgain() {
        long tenant = Fixtures.tenant(database);

        long id = as(tenant).body(Map.of("type", "webhook", "name", "ops", "url", HOOK)).post("/api/alerts/channels").then()
                .statusCode(201).header("Location", containsString("/api/alerts/channels/"))
                .body("type", is("webhook")).body("name", is("ops")).body("secret", matchesPattern("[0-9a-f]{64}"))
                .extract().jsonPath().getLong("id");

        as(tenant).get("/api/alerts/channels/" + id).then().statusCode(200).body("url", is(HOOK)).body("$", not(hasKey("secret")));
        as(tenant).get("/api/alerts/channels").then().statusCode(200).body("size()", is(1)).body("[0]", not(hasKey("secret")));
    }

    @Test
    void anotherTenantsChannelsAndRulesAreNotFound() {
        long owner = Fixtures.tenant(database);
        long other = Fixtures.tenant(database);
        long channel = Fixtures.webhook(owner, HOOK).getLong("id");
        long rule = Fixtures.publicBucketRule(owner, channel);

        for (String path : List.of("/api/alerts/channels/" + channel, "/api/alerts/rules/" + rule)) {
            notFound(as(other).get(path).then());
            notFound(as(other).delete(path).then());
        }
        notFound(as(other).body(Map.of("type", "webhook", "name", "mine", "url", HOOK)).put("/api/alerts/channels/" + channel).then());
        notFound(as(other).post("/api/alerts/channels/" + channel + "/test").then());
        as(other).get("/api/alerts/channels").then().body("size()", is(0));
        as(owner).get("/api/alerts/channels/" + channel).then().statusCode(200);
    }

    @Test
    void aRuleIsAnsweredInTheShapeItWasGiven() {
        long tenant = Fixtures.tenant(database);
        long channel = Fixtures.webhook(tenant, HOOK).getLong("id");

        long rule = Fixtures.publicBucketRule(tenant, channel);

        as(tenant).get("/api/alerts/rules/" + rule).then().statusCode(200).body("name", is("public buckets"))
                .body("events", is(List.of("finding.opened"))).body("minSeverity", is("high")).body("services", is(List.of("s3")))
                .body("channelIds", is(List.of((int) channel))).body("delivery", is("immediate"));
        as(tenant).delete("/api/alerts/channels/" + channel).then().statusCode(204);
        as(tenant).get("/api/alerts/rules/" + rule).then().body("channelIds", is(List.of()));
    }

    @Test
    void badChannelsAreRefusedWithAProblemNamingTheField() {
        long tenant = Fixtures.tenant(database);

        refused(tenant, Map.of("type", "pager", "name", "x", "url", HOOK), "type");
        refused(tenant, Map.of("type", "webhook", "name", "x", "url", "ftp://example.com/x"), "url");
        refused(tenant, Map.of("type", "webhook", "name", "x", "url", "not a url"), "url");
        refused(tenant, Map.of("type", "webhook", "name", "", "url", HOOK), "name");
        refused(tenant, Map.of("type", "email", "name", "x", "addresses", List.of("not-an-address")), "addresses");
        refused(tenant, Map.of("type", "email", "name", "x", "url", HOOK), "url");
        as(tenant).body("{\"type\": \"webhook\", \"name\": \"x\", \"url\": \"" + HOOK + "\", \"colour\": \"red\"}")
                .post("/api/alerts/channels").then().statusCode(400).contentType("application/problem+json");
        as(tenant).post("/api/alerts/channels").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void badRulesAreRefusedWithAProblemNamingTheField() {
        long tenant = Fixtures.tenant(database);
        long channel = Fixtures.webhook(tenant, HOOK).getLong("id");
        long othersChannel = Fixtures.webhook(Fixtures.tenant(database), HOOK).getLong("id");

        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "channelIds", List.of(othersChannel)), "channelIds");
        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "channelIds", List.of(999_999_999)), "channelIds");
        refusedRule(tenant, Map.of("name", "r", "events", List.of("scan.finished"), "channelIds", List.of(channel)), "events");
        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "minSeverity", "urgent",
                "channelIds", List.of(channel)), "minSeverity");
        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "services", List.of("lambda"),
                "channelIds", List.of(channel)), "services");
        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "fields", List.of("is_public"),
                "channelIds", List.of(channel)), "fields");
        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "channelIds", List.of(channel),
                "delivery", "weekly"), "delivery");
        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "channelIds", List.of(channel),
                "delivery", "digest"), "digestHours");
        for (int hours : new int[] {0, 169}) {
            refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "channelIds", List.of(channel),
                    "delivery", "digest", "digestHours", hours), "digestHours");
        }
        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "channelIds", List.of(channel),
                "delivery", "immediate", "digestHours", 6), "digestHours");
        refusedRule(tenant, Map.of("name", "r", "events", List.of("finding.opened"), "channelIds", List.of()), "channelIds");
    }

    @Test
    void withoutATokenNothingIsAnswered() {
        given().get("/api/alerts/channels").then().statusCode(401);
        given().get("/api/alerts/deliveries").then().statusCode(401);
    }

    @Test
    void theDeliveryLogRefusesBadQueries() {
        long tenant = Fixtures.tenant(database);
        as(tenant).get("/api/alerts/deliveries?status=lost").then().statusCode(400).body("field", is("status"));
        as(tenant).get("/api/alerts/deliveries?limit=100000").then().statusCode(400).body("field", is("limit"));
        as(tenant).get("/api/alerts/deliveries").then().statusCode(200).body("size()", is(0));
    }

    private static void refused(long tenant, Map<String, Object> channel, String field) {
        as(tenant).body(channel).post("/api/alerts/channels").then().statusCode(400).contentType("application/problem+json")
                .body("field", is(field));
    }

    private static void refusedRule(long tenant, Map<String, Object> rule, String field) {
        as(tenant).body(rule).post("/api/alerts/rules").then().statusCode(400).contentType("application/problem+json")
                .body("field", is(field));
    }

    private static void notFound(ValidatableResponse response) {
        response.statusCode(404).contentType("application/problem+json");
    }
}
