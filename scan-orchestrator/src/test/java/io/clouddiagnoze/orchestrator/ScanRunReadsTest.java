package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestTokens;
import io.clouddiagnoze.testsupport.YearOfScans;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run, or a page of runs, is read from the tenant's own runs, however many runs other tenants have: at a year of
 * scans of 100 tenants, a run found by reading every run took seconds, and the benchmark's scan pages timed out.
 */
@QuarkusTest
class ScanRunReadsTest {
    private static final int OTHER_RUNS = 750 * 4;

    TestDatabase database;

    @Test
    void aRunIsFoundWithoutReadingEveryTenantsRuns() throws Exception {
        long crowd = Fixtures.tenant(database);
        long tenant = Fixtures.tenant(database);
        try (Connection connection = database.connect()) {
            // Kept online: the retention passes of other tests leave these runs alone.
            connection.createStatement().executeUpdate("UPDATE users SET retention_months = 120 WHERE id = " + crowd);
            YearOfScans.fill(connection, List.of(crowd), OTHER_RUNS / 4, 1);
            YearOfScans.fill(connection, List.of(tenant), 2, 1);
        }
        long run = database.count("SELECT MAX(id) FROM scan_runs WHERE user_id = " + tenant);

        long before = rowsReadInTableScans();
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(TestTokens.user(tenant)).get("/api/scans/" + run).then().statusCode(200).body("id", equalTo((int) run));
        }
        given().auth().oauth2(TestTokens.user(tenant)).get("/api/scans").then().statusCode(200).body("total", equalTo(2 * 4));
        given().auth().oauth2(TestTokens.user(tenant)).get("/api/scans/" + run + "/resources").then().statusCode(200)
                .body("total", equalTo(1));

        // Reading every run for each of these requests would read the other tenant's runs twelve times over.
        assertThat(rowsReadInTableScans() - before).isLessThan(OTHER_RUNS);
    }

    /** The rows the server has read by scanning a table (or a temporary one) from its start, in every session. */
    private long rowsReadInTableScans() throws SQLException {
        return database.count("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'HANDLER_READ_RND_NEXT'");
    }
}
