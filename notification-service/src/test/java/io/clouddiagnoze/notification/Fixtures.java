package io.clouddiagnoze.notification;

import static io.restassured.RestAssured.given;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.FieldChange;
import io.clouddiagnoze.contracts.events.Finding;
import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** What the tests set up as a tenant would: tenants, channels and rules through the API, and the events scan-orchestrator sends. */
final class Fixtures {
    /** Outbox ids as scan-orchestrator numbers its finding changes; apart between test runs on the same broker. */
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());

    private Fixtures() {
    }

    static long tenant(TestDatabase database) {
        try {
            return database.tenant(null, "ext-" + UUID.randomUUID());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification as(long tenant) {
        return given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON);
    }

    /** Creates a channel: its id and, for a webhook, its secret. */
    static JsonPath channel(long tenant, Map<String, Object> channel) {
        return as(tenant).body(channel).post("/api/alerts/channels").then().statusCode(201).extract().jsonPath();
    }

    static JsonPath webhook(long tenant, String url) {
        return channel(tenant, Map.of("type", "webhook", "name", "ops", "url", url));
    }

    static long rule(long tenant, Map<String, Object> rule) {
        return as(tenant).body(rule).post("/api/alerts/rules").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** The rule: findings opened, high or above, on S3, to the channel. */
    static long publicBucketRule(long tenant, long channel) {
        return rule(tenant, Map.of("name", "public buckets", "events", List.of("finding.opened"), "minSeverity", "high",
                "services", List.of("s3"), "channelIds", List.of(channel), "delivery", "immediate"));
    }

    /** A finding of a public bucket opened, as findings-changed carries it. */
    static FindingChanged bucketOpened(long tenant, String bucket, String severity) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long sequence = SEQUENCE.incrementAndGet();
        Finding finding = new Finding(sequence, "s3_bucket_public_access", "S3 bucket is public", severity, ServiceType.S3, bucket,
                "eu-west-1", "open", now, 7L, now, 7L, null, null, "Turn on Block Public Access for the bucket.",
                List.of(new Finding.Control("cis-aws-foundations", "2.1.4")), Map.of("publiclyAccessible", true), null);
        return new FindingChanged(sequence, tenant, FindingChanged.Change.OPENED, now, finding, Map.of("team", "web", "env", "prod"));
    }

    static ResourceChanged madePublic(long tenant, String bucket) {
        return new ResourceChanged(SEQUENCE.incrementAndGet(), 1L, tenant, ServiceType.S3, "eu-west-1", bucket,
                ResourceChanged.Change.CHANGED, List.of(new FieldChange("is_public", false, true)), Instant.now(),
                Map.of("team", "web"));
    }

    static void send(TestEvents events, FindingChanged event) {
        events.send(Topics.FINDINGS_CHANGED, String.valueOf(event.tenantId()), event, Map.of());
    }

    static void send(TestEvents events, ResourceChanged event) {
        events.send(Topics.RESOURCE_CHANGES, String.valueOf(event.tenantId()), event, Map.of());
    }
}
