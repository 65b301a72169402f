package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestTokens;
import io.clouddiagnoze.testsupport.YearOfScans;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scans the benchmarks fill in by SQL are read as scanned ones are: the benchmarks measure the real queries. */
@QuarkusTest
class YearOfScansTest {
    TestDatabase database;

    @Test
    void filledScansAreListedAndTheirResourcesAreTheInventory() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (Connection connection = database.connect()) {
            YearOfScans.fill(connection, List.of(tenant), 3, 4);
            YearOfScans.fillEc2Metrics(connection, List.of(tenant), 1);
        }

        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans")
                .then().statusCode(200).body("total", equalTo(3 * ServiceType.values().length));
        for (ServiceType service : ServiceType.values()) {
            given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/" + service.id())
                    .then().statusCode(200).body("resources.total", equalTo(4));
        }
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/resources/ec2/" + YearOfScans.instanceId(1) + "/history")
                .then().statusCode(200).body("sightingCount", equalTo(3));
        // Instances 1 to 4: every fifth is stopped, so all four ran through the 24 hours before the last scan.
        assertThat(database.count("SELECT COUNT(*) FROM ec2_performance WHERE client_id = " + tenant)).isEqualTo(4 * 288);
    }
}
