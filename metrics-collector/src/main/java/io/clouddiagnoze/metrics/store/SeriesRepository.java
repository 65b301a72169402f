package io.clouddiagnoze.metrics.store;

import io.clouddiagnoze.service.limits.LongReads;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What the API reads: a resource's series across every scan that saw it, and the tenant's idle resources.
 * Every query names the tenant, and goes where {@link ReadReplica} sends it. A point stored for several sightings of one
 * resource counts once.
 */
@ApplicationScoped
public class SeriesRepository {
    /**
     * A sighting's points all lie before its batch was found, which is at most a scan's length (its attempt deadline,
     * 30 minutes) after the scan started: sightings that started over a day before a range add nothing to it. Without
     * this bound a week's series of a resource scanned daily for a year probed all 364 sightings for their points.
     */
    static final Duration SIGHTING_REACH = Duration.ofDays(1);

    /** How many idle resources of each kind an answer lists at most, the idlest first. */
    public static final int IDLE_LISTED = 1000;

    private final ReadReplica replica;
    private final LongReads longReads;
    private final HourlyRollupRepository hours;

    SeriesRepository(ReadReplica replica, LongReads longReads, HourlyRollupRepository hours) {
        this.replica = replica;
        this.longReads = longReads;
        this.hours = hours;
    }

    /** The regions in which the tenant has a resource of that natural id (DB identifiers repeat across regions). */
    public Uni<List<String>> regions(PerformanceTable table, long tenantId, String naturalId) {
        return replica.query("SELECT DISTINCT region FROM " + table.resourceTable() + " WHERE client_id = ? AND "
                        + table.naturalIdColumn() + " = ? ORDER BY region", Tuple.of(tenantId, naturalId))
                .map(rows -> Rows.each(rows, row -> row.getString(0)));
    }

    /** Whether the tenant has a resource of that natural id in that region: the first entry of an index says. */
    public Uni<Boolean> exists(PerformanceTable table, long tenantId, String naturalId, String region) {
        return replica.query("SELECT 1 FROM " + table.resourceTable() + " WHERE client_id = ? AND " + table.naturalIdColumn()
                        + " = ? AND region = ? LIMIT 1", Tuple.of(tenantId, naturalId, region))
                .map(rows -> rows.size() > 0);
    }

    /**
     * The series of one metric from {@code from} to {@code to}, in steps of {@code stepSeconds}: average and maximum per
     * step. A range and step on whole hours is read from the hourly rollups, any other from the points (which are kept
     * only for the raw window: the caller widens a range that starts before it to whole hours). Both give the same
     * numbers: a step's average is the sum of its points over their count, the sum at the rollups' scale.
     */
    public Uni<List<StepValue>> series(PerformanceTable table, PerformanceTable.Metric metric, long tenantId, String naturalId,
                                       String region, Instant from, Instant to, long stepSeconds) {
        long hour = HourlyRollupRepository.HOUR_SECONDS;
        if (stepSeconds % hour == 0 && from.getEpochSecond() % hour == 0 && to.getEpochSecond() % hour == 0) {
            return hours.series(table, metric, tenantId, naturalId, region, from, to, stepSeconds);
        }
        String column = "p." + metric.column();
        String sql = "SELECT TIMESTAMPDIFF(SECOND, ?, t) DIV ? AS step, CAST(CAST(SUM(v) AS DECIMAL(65, 8)) / COUNT(*) AS DOUBLE)"
                + " AS average, CAST(MAX(v) AS DOUBLE) AS maximum FROM ("
                + "SELECT p.`timestamp` AS t, AVG(" + column + ") AS v FROM " + table.table() + " p JOIN " + table.resourceTable()
                + " r ON r.id = p." + table.resourceColumn()
                + " WHERE r.client_id = ? AND r." + table.naturalIdColumn() + " = ? AND r.region = ? AND r.scan_timestamp >= ?"
                + " AND p.client_id = ? AND p.`timestamp` >= ? AND p.`timestamp` < ? AND " + column + " IS NOT NULL GROUP BY p.`timestamp`"
                + ") points GROUP BY step ORDER BY step";
        LocalDateTime start = utc(from);
        return replica.query(sql, Tuple.from(List.of(start, stepSeconds, tenantId, naturalId, region,
                        utc(from.minus(SIGHTING_REACH)), tenantId, start, utc(to))))
                .map(rows -> steps(rows, from, stepSeconds));
    }

    /**
     * The steps of a series statement's rows ({@code step}, {@code average}, {@code maximum}). The statements compute in
     * DECIMAL and send DOUBLE: the client decodes a DECIMAL through two strings and two BigDecimals, which cost a 180-step
     * series more than its statement.
     */
    static List<StepValue> steps(RowSet<Row> rows, Instant from, long stepSeconds) {
        List<StepValue> steps = new ArrayList<>(rows.size());
        for (Row row : rows) {
            steps.add(new StepValue(from.plusSeconds(row.getLong("step") * stepSeconds),
                    row.getDouble("average"), row.getDouble("maximum")));
        }
        return steps;
    }

    /** EC2 instances whose average CPU from {@code from} to {@code to} is under {@code percent}. */
    public Uni<List<IdleResource>> idleInstances(long tenantId, Instant from, Instant to, double percent) {
        return idle(PerformanceTable.EC2, PerformanceTable.EC2.metricInColumn("cpu_utilization"), tenantId, from, to,
                "average < ?", percent);
    }

    /** RDS instances that had no connection at all from {@code from} to {@code to}. */
    public Uni<List<IdleResource>> idleDatabases(long tenantId, Instant from, Instant to) {
        return idle(PerformanceTable.RDS, PerformanceTable.RDS.metricInColumn("database_connections"), tenantId, from, to,
                "maximum <= ?", 0);
    }

    /** As a series: from the rollups where the range is on whole hours, else from the points. */
    private Uni<List<IdleResource>> idle(PerformanceTable table, PerformanceTable.Metric metric, long tenantId, Instant from,
                                         Instant to, String condition, double threshold) {
        long hour = HourlyRollupRepository.HOUR_SECONDS;
        Uni<RowSet<Row>> read = from.getEpochSecond() % hour == 0 && to.getEpochSecond() % hour == 0
                ? hours.idle(table, metric, tenantId, from, to, condition, threshold)
                : idleFromPoints(table, metric, tenantId, from, to, condition, threshold);
        return read.map(rows -> {
            List<IdleResource> idle = new ArrayList<>(rows.size());
            for (Row row : rows) {
                idle.add(new IdleResource(table.service().id(), row.getString("natural_id"), row.getString("region"), metric.name(),
                        row.getDouble("average"), row.getDouble("maximum"), row.getLong("points")));
            }
            return idle;
        });
    }

    private Uni<RowSet<Row>> idleFromPoints(PerformanceTable table, PerformanceTable.Metric metric, long tenantId, Instant from,
                                            Instant to, String condition, double threshold) {
        String column = "p." + metric.column();
        String natural = "r." + table.naturalIdColumn();
        String sql = "SELECT natural_id, region, CAST(CAST(SUM(v) AS DECIMAL(65, 8)) / COUNT(*) AS DOUBLE) AS average,"
                + " CAST(MAX(v) AS DOUBLE) AS maximum, COUNT(*) AS points FROM ("
                + "SELECT " + natural + " AS natural_id, r.region, p.`timestamp`, AVG(" + column + ") AS v FROM " + table.table()
                + " p JOIN " + table.resourceTable() + " r ON r.id = p." + table.resourceColumn()
                + " WHERE p.client_id = ? AND p.`timestamp` >= ? AND p.`timestamp` < ? AND " + column + " IS NOT NULL"
                + " GROUP BY " + natural + ", r.region, p.`timestamp`"
                + ") points GROUP BY natural_id, region HAVING " + condition + " ORDER BY average, natural_id, region LIMIT "
                + IDLE_LISTED;
        return replica.query(longReads.bounded(sql), Tuple.from(List.of(tenantId, utc(from), utc(to), threshold)));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** One step of a series: when it starts, and the average and maximum of its points. */
    public record StepValue(Instant timestamp, double average, double maximum) {
    }

    /** A resource that looks idle, with the figures that say so. */
    public record IdleResource(String service, String naturalId, String region, String metric, double average, double maximum,
                               long points) {
    }
}
