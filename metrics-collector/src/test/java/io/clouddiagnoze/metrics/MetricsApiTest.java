package io.clouddiagnoze.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.metrics.store.PerformanceRow;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsApiTest extends TwoTenants {
    /** Inside the raw window, so that a step under an hour reads the points. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
    private static final String US = "us-east-1";

    @Test
    void aSeriesIsOneLineAcrossScansWithTheAverageAndMaximumOfEachStep() throws Exception {
        // Two scans saw the instance; their windows overlap on points 6 to 11, which must count once.
        cpu(row(PerformanceTable.EC2, Scans.run(database, tenant, ServiceType.EC2, T0), "i-1", US), 0, 11);
        cpu(row(PerformanceTable.EC2, Scans.run(database, tenant, ServiceType.EC2, T0), "i-1", US), 6, 17);

        as(tenant).queryParam("metric", "cpuUtilization").queryParam("from", T0.toString())
                .queryParam("to", T0.plusSeconds(18 * 300).toString()).queryParam("step", "PT40M")
                .get("/api/metrics/ec2/i-1").then().statusCode(200)
                .body("region", equalTo(US)).body("stepSeconds", equalTo(2400))
                .body("points.timestamp", contains(T0.toString(), T0.plusSeconds(2400).toString(), T0.plusSeconds(4800).toString()))
                .body("points.average", contains(3.5f, 11.5f, 16.5f))
                .body("points.maximum", contains(7f, 15f, 17f));
    }

    @Test
    void aMetricMayBeNamedAsCloudWatchNamesIt() throws Exception {
        cpu(row(PerformanceTable.EC2, Scans.run(database, tenant, ServiceType.EC2, T0), "i-named", US), 0, 11);
        row(PerformanceTable.RDS, Scans.run(database, tenant, ServiceType.RDS, T0), "named-db", US);

        for (String name : List.of("cpuUtilization", "CPUUtilization")) {
            as(tenant).queryParam("metric", name).queryParam("from", T0.toString()).queryParam("to", T0.plusSeconds(12 * 300).toString())
                    .queryParam("step", "PT1H").get("/api/metrics/ec2/i-named").then().statusCode(200)
                    .body("metric", equalTo("cpuUtilization")).body("points.maximum", contains(11f));
        }
        as(tenant).queryParam("metric", "FreeStorageSpace").get("/api/metrics/rds/named-db").then().statusCode(200)
                .body("metric", equalTo("freeStorageBytes"));
    }

    @Test
    void aLongRangeIsDownsampledToAtMost500Points() throws Exception {
        long row = row(PerformanceTable.EC2, Scans.run(database, tenant, ServiceType.EC2, T0), "i-long", US);
        points(PerformanceTable.EC2, "cpu_utilization", row, -8927, 0, k -> 50);

        // 31 days in at most 500 steps is 5,400 s; the range reaches before the raw window, so whole hours: 2 h.
        as(tenant).queryParam("metric", "cpuUtilization").queryParam("from", T0.minusSeconds(31 * 86_400).toString())
                .queryParam("to", T0.toString()).queryParam("step", "60")
                .get("/api/metrics/ec2/i-long").then().statusCode(200)
                .body("stepSeconds", equalTo(7200)).body("points.size()", lessThanOrEqualTo(500))
                .body("points.size()", equalTo(372));
        // Inside the raw window, the same from the points.
        as(tenant).queryParam("metric", "cpuUtilization").queryParam("from", T0.minusSeconds(86_400).toString())
                .queryParam("to", T0.toString()).queryParam("step", "PT30M")
                .get("/api/metrics/ec2/i-long").then().statusCode(200)
                .body("stepSeconds", equalTo(1800)).body("points.size()", equalTo(48));
    }

    @Test
    void anotherTenantsResourceIsNotFound() throws Exception {
        cpu(row(PerformanceTable.EC2, Scans.run(database, tenant, ServiceType.EC2, T0), "i-mine", US), 0, 3);

        as(other).queryParam("metric", "cpuUtilization").get("/api/metrics/ec2/i-mine").then().statusCode(404)
                .body("status", equalTo(404));
        // Over the range of the points, from the points and from the hours: what the tenant has is not the other's.
        for (String step : List.of("PT5M", "PT1H")) {
            firstHourOfMine(tenant, step).then().statusCode(200).body("points.maximum", hasItem(3f));
            firstHourOfMine(other, step).then().statusCode(404).body("detail", equalTo("no ec2 resource i-mine in " + US));
        }
        as(other).get("/api/metrics/idle").then().statusCode(200).body("resources", hasSize(0));
    }

    @Test
    void anIdentifierInSeveralRegionsNeedsTheRegion() throws Exception {
        long run = Scans.run(database, tenant, ServiceType.RDS, T0);
        row(PerformanceTable.RDS, run, "shared-db", US);
        row(PerformanceTable.RDS, run, "shared-db", "eu-west-1");

        as(tenant).queryParam("metric", "databaseConnections").get("/api/metrics/rds/shared-db").then().statusCode(400)
                .body("field", equalTo("region"));
        as(tenant).queryParam("metric", "databaseConnections").queryParam("region", "eu-west-1")
                .get("/api/metrics/rds/shared-db").then().statusCode(200).body("region", equalTo("eu-west-1"));
        as(tenant).queryParam("metric", "databaseConnections").queryParam("region", "ap-south-1")
                .get("/api/metrics/rds/shared-db").then().statusCode(404);
    }

    @Test
    void badParametersAreRefusedWithAProblemNamingTheField() {
        as(tenant).get("/api/metrics/ec2/i-1").then().statusCode(400).body("field", equalTo("metric"));
        as(tenant).queryParam("metric", "diskReads").get("/api/metrics/ec2/i-1").then().statusCode(400).body("field", equalTo("metric"));
        as(tenant).queryParam("metric", "cpuUtilization").queryParam("from", "yesterday").get("/api/metrics/ec2/i-1").then()
                .statusCode(400).body("field", equalTo("from"));
        as(tenant).queryParam("metric", "cpuUtilization").queryParam("from", "2026-11-02T00:00:00Z")
                .queryParam("to", "2026-11-01T00:00:00Z").get("/api/metrics/ec2/i-1").then().statusCode(400).body("field", equalTo("from"));
        as(tenant).queryParam("to", "-999999999-01-01T00:00:00Z").get("/api/metrics/idle").then()
                .statusCode(400).body("field", equalTo("to"));
        as(tenant).queryParam("metric", "cpuUtilization").queryParam("from", "+100000-01-01T00:00:00Z").get("/api/metrics/ec2/i-1").then()
                .statusCode(400).body("field", equalTo("from"));
        as(tenant).queryParam("metric", "cpuUtilization").queryParam("step", "5").get("/api/metrics/ec2/i-1").then()
                .statusCode(400).body("field", equalTo("step"));
        as(tenant).queryParam("metric", "cpuUtilization").queryParam("step", "P1Q").get("/api/metrics/ec2/i-1").then()
                .statusCode(400).body("field", equalTo("step"));
        as(tenant).queryParam("metric", "cpuUtilization").get("/api/metrics/lambda/f-1").then().statusCode(404);
        given().queryParam("metric", "cpuUtilization").get("/api/metrics/ec2/i-1").then().statusCode(401);
    }

    @Test
    void idleHintsNameInstancesUnder5PercentCpuAndDatabasesWithoutConnections() throws Exception {
        long ec2Run = Scans.run(database, tenant, ServiceType.EC2, T0);
        cpu(row(PerformanceTable.EC2, ec2Run, "i-busy", US), 40, 60);
        long idle = row(PerformanceTable.EC2, ec2Run, "i-idle", US);
        cpu(idle, 1, 4);
        long rdsRun = Scans.run(database, tenant, ServiceType.RDS, T0);
        connections(row(PerformanceTable.RDS, rdsRun, "unused-db", US), 0);
        connections(row(PerformanceTable.RDS, rdsRun, "orders-db", US), 12);

        as(tenant).queryParam("from", T0.toString()).queryParam("to", T0.plusSeconds(86_400).toString())
                .get("/api/metrics/idle").then().statusCode(200)
                .body("resources.naturalId", contains("i-idle", "unused-db"))
                .body("resources.metric", contains("cpuUtilization", "databaseConnections"))
                .body("resources[0].average", equalTo(2.5f)).body("resources[0].points", equalTo(4))
                .body("resources[1].maximum", equalTo(0f));
    }

    private long row(PerformanceTable table, long run, String naturalId, String region) throws SQLException {
        Scans.storeRows(database, tenant, run, table.service(), List.of(switch (table.service()) {
            case EC2 -> Scans.instance(naturalId, region);
            case RDS -> Scans.database(naturalId, region);
            default -> throw new IllegalArgumentException(table.name());
        }));
        return database.count("SELECT id FROM " + table.resourceTable() + " WHERE scan_run_id = " + run + " AND region = '" + region
                + "' AND " + table.naturalIdColumn() + " = '" + naturalId + "'");
    }

    /** CPU points k = from..to at T0 + k × 5 minutes, valued k. */
    /** The first hour from T0 of i-mine's CPU in us-east-1, in steps of {@code step}, as {@code caller} asks for it. */
    private static Response firstHourOfMine(long caller, String step) {
        return as(caller).queryParam("metric", "cpuUtilization").queryParam("region", US).queryParam("from", T0.toString())
                .queryParam("to", T0.plusSeconds(3600).toString()).queryParam("step", step).get("/api/metrics/ec2/i-mine");
    }

    private void cpu(long instanceRow, int from, int to) throws SQLException {
        points(PerformanceTable.EC2, "cpu_utilization", instanceRow, from, to, k -> k);
    }

    /** Twelve 5-minute points from T0, each with {@code connections}. */
    private void connections(long databaseRow, int connections) throws SQLException {
        points(PerformanceTable.RDS, "database_connections", databaseRow, 0, 11, k -> connections);
    }

    /** Stores the points as collection does, with their hourly rollups. */
    private void points(PerformanceTable table, String column, long resourceRow, int from, int to, IntUnaryOperator value) {
        int index = table.metrics().indexOf(table.metricInColumn(column));
        List<PerformanceRow> rows = new ArrayList<>();
        for (int k = from; k <= to; k++) {
            double[] values = new double[table.metrics().size()];
            Arrays.fill(values, Double.NaN);
            values[index] = value.applyAsInt(k);
            rows.add(new PerformanceRow(resourceRow, T0.getEpochSecond() + k * 300L, values));
        }
        repository.insert(table, tenant, rows).await().indefinitely();
    }
}
