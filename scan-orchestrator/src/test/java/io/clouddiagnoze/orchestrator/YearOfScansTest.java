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
import java.sql.Statement;
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
            YearOfScans.fillEc2Hours(connection, List.of(tenant), 1, 2);
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
        // Their CPU's hours: the day of points, whose sums the hours hold whole, and the two days before it, one after
        // another with no gap, twelve values an hour.
        String hours = " FROM performance_hourly WHERE client_id = " + tenant + " AND metric = 'cpu_utilization'";
        assertThat(database.count("SELECT COUNT(*)" + hours)).isEqualTo(4 * 3 * 24);
        assertThat(database.count("SELECT COUNT(*)" + hours + " AND sample_count <> 12")).isZero();
        assertThat(database.count("SELECT COUNT(DISTINCT `hour`)" + hours)).isEqualTo(3 * 24);
        assertThat(database.count("SELECT TIMESTAMPDIFF(HOUR, MIN(`hour`), MAX(`hour`))" + hours)).isEqualTo(3 * 24 - 1);
        assertThat(database.count("SELECT ROUND(SUM(value_sum))" + hours + " AND `hour` >= (SELECT MIN(`timestamp`)"
                + " FROM ec2_performance WHERE client_id = " + tenant + ")"))
                .isEqualTo(database.count("SELECT ROUND(SUM(cpu_utilization)) FROM ec2_performance WHERE client_id = " + tenant));
    }

    /** The benchmark fills the year of tenants that have scanned for real: their points of today and hours stay theirs. */
    @Test
    void theHoursFillLeavesARealScansPointsAndHoursAlone() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            YearOfScans.fill(connection, List.of(tenant), 3, 4);
            YearOfScans.fillEc2Metrics(connection, List.of(tenant), 1);
            sql.executeUpdate("INSERT INTO ec2_performance (ec2_instance_id, client_id, `timestamp`, cpu_utilization)"
                    + " SELECT id, client_id, DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:05:00'), 42 FROM ec2_instances"
                    + " WHERE client_id = " + tenant + " ORDER BY scan_timestamp DESC, id LIMIT 1");
            sql.executeUpdate("INSERT INTO performance_hourly (client_id, service_type, natural_id, region, metric, `hour`,"
                    + " sample_count, value_sum, value_min, value_max) SELECT client_id, 'ec2', instance_id, region,"
                    + " 'cpu_utilization', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:00:00'), 1, 42, 42, 42 FROM ec2_instances"
                    + " WHERE client_id = " + tenant + " ORDER BY scan_timestamp DESC, id LIMIT 1");

            YearOfScans.fillEc2Hours(connection, List.of(tenant), 1, 2);
        }

        assertThat(database.count("SELECT COUNT(*) FROM performance_hourly WHERE client_id = " + tenant)).isEqualTo(4 * 3 * 24 + 1);
        assertThat(database.count("SELECT COUNT(*) FROM performance_hourly WHERE client_id = " + tenant
                + " AND `hour` > TIMESTAMP '" + YearOfScans.LAST_DAY + " 02:00:00' AND sample_count = 1 AND value_sum = 42")).isOne();
    }
}
