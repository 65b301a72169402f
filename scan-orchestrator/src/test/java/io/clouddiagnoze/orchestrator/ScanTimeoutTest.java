package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run whose scanner falls silent ends with an error: no run stays in progress for ever. */
@QuarkusTest
@TestProfile(ScanTimeoutTest.ShortTimeout.class)
class ScanTimeoutTest {
    TestDatabase database;
    TestKafka kafka;

    /** Scans time out after 3 s of silence. */
    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clouddiagnoze.scan.timeout", "PT3S");
        }
    }

    @Test
    void aSilentScanTimesOutKeepingWhatArrivedAndRefusingWhatComesLater() throws Exception {
        long tenant = Fixtures.tenant(database);
        long run = given().auth().oauth2(TestTokens.user(tenant)).contentType(ContentType.JSON)
                .body(Map.of("services", List.of("ec2"))).when().post("/api/scans")
                .then().statusCode(202).extract().jsonPath().getLong("[0].id");
        try (ScanDriver driver = new ScanDriver(kafka.bootstrapServers())) {
            Fixtures.batch(driver.events(), tenant, run, ServiceType.EC2, 0, List.of(Fixtures.instance("i-0d01", "us-east-1", null, true)));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.user(tenant))
                    .when().get("/api/scans/" + run).then().body("status", equalTo("error"))
                    .body("error", startsWith("timed out: no news from the scanner for 3 s")));
            assertThat(database.count("SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = " + run)).isEqualTo(1);

            Fixtures.batch(driver.events(), tenant, run, ServiceType.EC2, 1, List.of(Fixtures.instance("i-0d02", "us-east-1", null, true)));
            Fixtures.result(driver.events(), tenant, run, ServiceType.EC2, 2);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    database.count("SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = " + run)).isEqualTo(1));
            given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans/" + run).then().body("status", equalTo("error"));
        }
    }
}
