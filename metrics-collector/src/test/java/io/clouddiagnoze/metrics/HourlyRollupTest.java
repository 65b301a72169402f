package io.clouddiagnoze.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.metrics.store.PerformanceRow;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.clouddiagnoze.metrics.window.RawWindowJob;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** The hourly rollups against the points they come from, the series that reads them, and the pass that keeps the window. */
@QuarkusTest
class HourlyRollupTest extends TwoTenants {
    private static final String US = "us-east-1";
    private static final long FIVE_MINUTES = 300;

    @Inject
    RawWindowJob job;

    @Test
    void rollupsEqualThePointsAggregatesWhateverSightingOrDeliveryStoredThem() throws Exception {
        Instant h = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.DAYS);
        long first = sighting(tenant, "i-1", h.plus(2, ChronoUnit.HOURS));
        long second = sighting(tenant, "i-1", h.plus(3, ChronoUnit.HOURS));
        // Two sightings store the timestamps of the second hour with different values; the first batch is delivered twice,
        // and the second re-collects one CPU value (its other metrics keep theirs).
        List<PerformanceRow> firstBatch = rows(first, h, 0, 23, k -> new double[]{k + 0.1234, 1000.25 * k, k % 2 == 0 ? k : Double.NaN});
        store(tenant, firstBatch);
        store(tenant, rows(second, h, 12, 35, k -> new double[]{k + 0.5, 1000.25 * k + 1, Double.NaN}));
        store(tenant, firstBatch);
        store(tenant, rows(second, h, 20, 20, k -> new double[]{99, Double.NaN, Double.NaN}));
        store(other, rows(sighting(other, "i-1", h.plus(2, ChronoUnit.HOURS)), h, 0, 11, k -> new double[]{50, 1, 2}));

        for (long owner : List.of(tenant, other)) {
            assertThat(rollups(owner)).isEqualTo(aggregatesOfThePoints(owner)).isNotEmpty();
        }
        // What a user sees of the second hour: each timestamp once, at the average of its two sightings.
        assertThat(rollup(tenant, "cpu_utilization", h.plus(1, ChronoUnit.HOURS)))
                .isEqualTo("12 252.9904 12.3117 59.5617");
        assertThat(rollup(tenant, "network_out", h)).isEqualTo("6 30 0 10");
        assertThat(rollup(other, "cpu_utilization", h)).isEqualTo("12 600 50 50");
    }

    @Test
    void aThirtyDaySeriesAcrossRawAndPrunedHoursIsContinuousAndEqualsThePoints() throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Instant start = end.minus(30, ChronoUnit.DAYS);
        // A scan a day, each with the 24 hours before it and one more: consecutive sightings share an hour's timestamps,
        // with values a quarter apart.
        Map<Instant, List<BigDecimal>> points = new TreeMap<>();
        for (int day = 0; day < 30; day++) {
            Instant scanned = start.plus(day + 1, ChronoUnit.DAYS);
            long row = sighting(tenant, "i-30", scanned);
            long offset = day % 2 == 0 ? 0 : 25;
            List<PerformanceRow> rows = rows(row, scanned, day == 0 ? -288 : -300, -1,
                    k -> new double[]{cpu(k) + offset / 100.0, Double.NaN, Double.NaN});
            rows.forEach(r -> points.computeIfAbsent(Instant.ofEpochSecond(r.epochSecond()), t -> new ArrayList<>())
                    .add(BigDecimal.valueOf(r.values()[0])));
            store(tenant, rows);
        }
        // The raw points' answer: per timestamp the average of its sightings, per 2-hour step the average and maximum.
        List<String> expected = expectedSeries(points, start, 7200);
        assertThat(expected).hasSize(360);

        assertThat(series(start, end)).isEqualTo(expected);

        String mine = "SELECT COUNT(*) FROM ec2_performance WHERE client_id = " + tenant;
        Instant cutoff = end.plus(1, ChronoUnit.HOURS).minus(14, ChronoUnit.DAYS);
        long older = count(mine + " AND `timestamp` < " + sql(cutoff));
        long newer = count(mine + " AND `timestamp` >= " + sql(cutoff));
        long hours = count("SELECT COUNT(*) FROM performance_hourly WHERE client_id = " + tenant);
        RawWindowJob.Pass pass = job.runOnce();

        assertThat(pass.cutoff()).isEqualTo(cutoff);
        assertThat(older).isPositive();
        assertThat(pass.pointsDeleted()).isGreaterThanOrEqualTo(older);
        assertThat(count(mine)).isEqualTo(newer);
        assertThat(count("SELECT COUNT(*) FROM performance_hourly WHERE client_id = " + tenant)).isEqualTo(hours);
        assertThat(series(start, end)).isEqualTo(expected);
        // Inside the window, a step under an hour still reads the points.
        JsonPath fine = as(tenant).queryParam("metric", "cpuUtilization").queryParam("from", end.minus(1, ChronoUnit.DAYS).toString())
                .queryParam("to", end.toString()).queryParam("step", "PT30M").get("/api/metrics/ec2/i-30").then().statusCode(200)
                .extract().jsonPath();
        assertThat(fine.getLong("stepSeconds")).isEqualTo(1800);
        assertThat(fine.getList("points")).hasSize(48);
    }

    @Test
    void hoursThatNoOnlineSightingAccountsForGoWithTheArchivedScans() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        long old = sighting(tenant, "i-old", now.minus(40, ChronoUnit.DAYS));
        store(tenant, rows(old, now.minus(40, ChronoUnit.DAYS), -24, -1, k -> new double[]{1, 1, 1}));
        store(tenant, rows(sighting(tenant, "i-new", now.minus(1, ChronoUnit.DAYS)), now.minus(1, ChronoUnit.DAYS), -24, -1,
                k -> new double[]{2, 2, 2}));
        store(other, rows(sighting(other, "i-old", now.minus(40, ChronoUnit.DAYS)), now.minus(40, ChronoUnit.DAYS), -24, -1,
                k -> new double[]{3, 3, 3}));
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            // As the retention job leaves it: the run and, by cascade, its resources and points gone.
            s.executeUpdate("DELETE FROM scan_runs WHERE id = (SELECT scan_run_id FROM ec2_instances WHERE id = " + old + ")");
        }

        job.runOnce();

        assertThat(count("SELECT COUNT(*) FROM performance_hourly WHERE client_id = " + tenant + " AND natural_id = 'i-old'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM performance_hourly WHERE client_id = " + tenant + " AND natural_id = 'i-new'"))
                .isEqualTo(2 * 3);
        assertThat(count("SELECT COUNT(*) FROM performance_hourly WHERE client_id = " + other)).isEqualTo(2 * 3);
        // Its points are gone with the raw window; the idle hints of those days come from the hours.
        assertThat(count("SELECT COUNT(*) FROM ec2_performance WHERE client_id = " + other)).isZero();
        as(other).queryParam("from", now.minus(41, ChronoUnit.DAYS).toString()).queryParam("to", now.minus(39, ChronoUnit.DAYS).toString())
                .get("/api/metrics/idle").then().statusCode(200)
                .body("resources.naturalId", contains("i-old")).body("resources[0].points", equalTo(24));
    }

    @Test
    void aRestoredScansPointsBecomeHoursBeforeTheWindowTakesThem() throws Exception {
        Instant scanned = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(40, ChronoUnit.DAYS);
        store(tenant, rows(sighting(tenant, "i-back", scanned), scanned, -24, -1, k -> new double[]{-k / 10.0, 2.5 * k, Double.NaN}));
        store(tenant, rows(sighting(tenant, "i-kept", scanned), scanned, -24, -1, k -> new double[]{3, 3, 3}));
        List<String> expected = aggregatesOfThePoints(tenant);
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            // As a restore leaves it: the run's points back, its hours gone with the archiving.
            s.executeUpdate("DELETE FROM performance_hourly WHERE client_id = " + tenant + " AND natural_id = 'i-back'");
        }

        RawWindowJob.Pass pass = job.runOnce();

        assertThat(rollups(tenant)).isEqualTo(expected).hasSize(2 * 2 + 2 * 3);
        assertThat(pass.hoursFilled()).isEqualTo(2 * 2);
        assertThat(count("SELECT COUNT(*) FROM ec2_performance WHERE client_id = " + tenant)).isZero();
        as(tenant).queryParam("from", scanned.minus(1, ChronoUnit.DAYS).toString()).queryParam("to", scanned.toString())
                .get("/api/metrics/idle").then().statusCode(200)
                .body("resources.naturalId", contains("i-back", "i-kept")).body("resources[0].points", equalTo(24));
    }

    @Test
    void aPassHeldByAnotherInstanceIsRefused() throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE job_leases SET holder = 'another', expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 MINUTE"
                    + " WHERE job_name = 'metric-points-window'");
            assertThat(job.runOnce()).isNull();
            s.executeUpdate("UPDATE job_leases SET holder = NULL, expires_at = NULL WHERE job_name = 'metric-points-window'");
        }
        assertThat(job.runOnce()).isNotNull();
    }

    /** A CPU value with one decimal that wanders over the day. */
    private static double cpu(long k) {
        return Math.floorMod(k * 37, 1000) / 10.0;
    }

    private List<String> series(Instant from, Instant to) {
        JsonPath answer = as(tenant).queryParam("metric", "cpuUtilization").queryParam("from", from.toString())
                .queryParam("to", to.toString()).get("/api/metrics/ec2/i-30").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(answer.getLong("stepSeconds")).isEqualTo(7200);
        List<String> steps = new ArrayList<>();
        List<Map<String, Object>> points = answer.getList("points");
        for (Map<String, Object> point : points) {
            steps.add(point.get("timestamp") + " " + ((Number) point.get("average")).doubleValue() + " "
                    + ((Number) point.get("maximum")).doubleValue());
        }
        return steps;
    }

    private static List<String> expectedSeries(Map<Instant, List<BigDecimal>> points, Instant from, long stepSeconds) {
        Map<Long, List<BigDecimal>> steps = new TreeMap<>();
        points.forEach((t, values) -> steps.computeIfAbsent((t.getEpochSecond() - from.getEpochSecond()) / stepSeconds,
                        step -> new ArrayList<>())
                .add(values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(values.size()), 8,
                        RoundingMode.HALF_UP)));
        List<String> expected = new ArrayList<>();
        steps.forEach((step, values) -> expected.add(from.plusSeconds(step * stepSeconds) + " "
                + values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(values.size()), 12,
                        RoundingMode.HALF_UP).doubleValue() + " " + values.stream().reduce(BigDecimal::max).orElseThrow().doubleValue()));
        return expected;
    }

    /** The tenant's rollup rows, as text. */
    private List<String> rollups(long owner) throws SQLException {
        return lines("SELECT natural_id, region, metric, `hour`, sample_count, value_sum, value_min, value_max FROM performance_hourly"
                + " WHERE client_id = " + owner + " ORDER BY natural_id, region, metric, `hour`");
    }

    /** The same computed from the points with plain SQL, one metric column at a time. */
    private List<String> aggregatesOfThePoints(long owner) throws SQLException {
        List<String> union = new ArrayList<>();
        for (PerformanceTable.Metric metric : PerformanceTable.EC2.metrics()) {
            union.add("SELECT instance_id AS natural_id, region, '" + metric.column() + "' AS metric,"
                    + " CAST(DATE_FORMAT(t, '%Y-%m-%d %H:00:00') AS DATETIME) AS `hour`, COUNT(*), SUM(v), MIN(v), MAX(v) FROM ("
                    + "SELECT r.instance_id, r.region, p.`timestamp` AS t, AVG(p." + metric.column() + ") AS v FROM ec2_performance p"
                    + " JOIN ec2_instances r ON r.id = p.ec2_instance_id WHERE p.client_id = " + owner + " AND p." + metric.column()
                    + " IS NOT NULL GROUP BY r.instance_id, r.region, p.`timestamp`) points GROUP BY instance_id, region, `hour`");
        }
        return lines("SELECT * FROM (" + String.join(" UNION ALL ", union) + ") a ORDER BY natural_id, region, metric, `hour`");
    }

    private String rollup(long owner, String metric, Instant hour) throws SQLException {
        return lines("SELECT sample_count, value_sum, value_min, value_max FROM performance_hourly WHERE client_id = " + owner
                + " AND metric = '" + metric + "' AND `hour` = " + sql(hour)).get(0);
    }

    /** Each row's columns separated by spaces, numbers without trailing zeros. */
    private List<String> lines(String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    values.add(value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                            : value instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
                            : String.valueOf(value));
                }
                lines.add(String.join(" ", values));
            }
        }
        return lines;
    }

    /** A scan run of the tenant that saw the instance at {@code scanned}; its resource row's id. */
    private long sighting(long owner, String instanceId, Instant scanned) throws SQLException {
        long run = Scans.run(database, owner, ServiceType.EC2, scanned);
        return Scans.storeRows(database, owner, run, ServiceType.EC2, List.of(Scans.instance(instanceId, US))).get(0).id();
    }

    /** Points k = from..to at {@code origin} + k × 5 minutes, with the EC2 metrics' values of k (NaN: none). */
    private static List<PerformanceRow> rows(long resourceRow, Instant origin, int from, int to, LongFunction<double[]> values) {
        List<PerformanceRow> rows = new ArrayList<>();
        for (long k = from; k <= to; k++) {
            rows.add(new PerformanceRow(resourceRow, origin.getEpochSecond() + k * FIVE_MINUTES, values.apply(k)));
        }
        return rows;
    }

    private void store(long owner, List<PerformanceRow> rows) {
        repository.insert(PerformanceTable.EC2, owner, rows).await().indefinitely();
    }

    /** An instant as a SQL literal of the UTC DATETIMEs the tables hold. */
    private static String sql(Instant instant) {
        return "'" + LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "'";
    }

    private long count(String sql) throws SQLException {
        return database.count(sql);
    }
}
