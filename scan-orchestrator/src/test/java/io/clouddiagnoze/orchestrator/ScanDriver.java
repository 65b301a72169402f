package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestTokens;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs whole scans through the API and the broker, playing the scanner's part with given resources. */
final class ScanDriver implements AutoCloseable {
    private final TestEvents events;

    ScanDriver(String bootstrapServers) {
        this.events = new TestEvents(bootstrapServers);
    }

    /** Starts a scan of {@code service}, delivers {@code resources} as the scanner would, and waits until it succeeds. */
    long completedScan(long tenant, ServiceType service, List<? extends DiscoveredResource> resources) {
        return completedScan(tenant, service, resources, Fixtures.REGIONS);
    }

    /** The same, the scanner having scanned {@code regions} only. */
    long completedScan(long tenant, ServiceType service, List<? extends DiscoveredResource> resources, List<String> regions) {
        long run = given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON)
                .body(Map.of("services", List.of(service.id()))).when().post("/api/scans")
                .then().statusCode(202).extract().jsonPath().getLong("[0].id");
        List<? extends List<? extends DiscoveredResource>> batches = Fixtures.inBatches(resources);
        for (int sequence = 0; sequence < batches.size(); sequence++) {
            Fixtures.batch(events, tenant, run, service, sequence, batches.get(sequence));
        }
        Fixtures.result(events, tenant, run, service, resources.size(), regions);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.user(tenant))
                .when().get("/api/scans/" + run).then().body("status", equalTo("success")));
        return run;
    }

    TestEvents events() {
        return events;
    }

    @Override
    public void close() {
        events.close();
    }
}
