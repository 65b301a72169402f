package io.clouddiagnoze.metrics.store;

import io.clouddiagnoze.service.limits.LongReads;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every statement on {@code performance_hourly}: per tenant, resource (natural id and region), metric and hour, the
 * number, sum, minimum and maximum of the hour's points, each point the average of the sightings that stored its
 * timestamp (the rule is in the table's migration, V17). Written with the points, read by long series (where
 * {@link ReadReplica} sends them), pruned with the tenant's online sightings.
 */
@ApplicationScoped
public class HourlyRollupRepository {
    public static final long HOUR_SECONDS = 3600;

    private final Pool pool;
    private final ReadReplica replica;
    private final LongReads longReads;

    HourlyRollupRepository(Pool pool, ReadReplica replica, LongReads longReads) {
        this.pool = pool;
        this.replica = replica;
        this.longReads = longReads;
    }

    /**
     * Recomputes in {@code tx}, from every sighting's points, the hours that {@code rows} fall in, for every metric of
     * the resources they belong to, and replaces those hours' rows.
     */
    Uni<Void> recompute(SqlClient tx, PerformanceTable table, long tenantId, List<PerformanceRow> rows) {
        Instant from = hourOf(Instant.ofEpochSecond(rows.stream().mapToLong(PerformanceRow::epochSecond).min().orElseThrow()));
        Instant to = hourOf(Instant.ofEpochSecond(rows.stream().mapToLong(PerformanceRow::epochSecond).max().orElseThrow()))
                .plusSeconds(HOUR_SECONDS);
        List<Long> resourceRows = rows.stream().map(PerformanceRow::resourceRowId).distinct().toList();
        String natural = table.naturalIdColumn();
        String points = "(SELECT DISTINCT " + natural + " AS natural_id, region FROM " + table.resourceTable()
                + " WHERE client_id = ? AND id IN (" + Rows.marks(resourceRows.size()) + ")) b"
                + " JOIN " + table.resourceTable() + " r ON r.client_id = ? AND r." + natural + " = b.natural_id"
                + " AND r.region = b.region AND r.scan_timestamp >= ?"
                + " JOIN " + table.table() + " p ON p." + table.resourceColumn() + " = r.id";
        List<Object> params = new ArrayList<>(List.of(tenantId, table.service().id(), tenantId));
        params.addAll(resourceRows);
        params.addAll(List.of(tenantId, utc(from.minus(SeriesRepository.SIGHTING_REACH)), tenantId, utc(from), utc(to)));
        return tx.preparedQuery(hoursFrom(table, points, "")).execute(Tuple.from(params)).replaceWithVoid();
    }

    /**
     * Writes, from every sighting's points, the tenant's hours in [{@code from}, {@code to}) of {@code table}'s metrics
     * that have points and no rollup: a restored scan's, whose hours went when it was archived. Hours that have one stay
     * as they are. How many it wrote.
     */
    public Uni<Integer> fillMissing(PerformanceTable table, long tenantId, Instant from, Instant to) {
        String points = table.table() + " p JOIN " + table.resourceTable() + " r ON r.id = p." + table.resourceColumn();
        String missing = " WHERE NOT EXISTS (SELECT 1 FROM performance_hourly h WHERE h.client_id = ? AND h.service_type = ?"
                + " AND h.natural_id = hours.natural_id AND h.region = hours.region AND h.metric = m.metric AND h.`hour` = hours.`hour`)";
        return pool.preparedQuery(hoursFrom(table, points, missing)).execute(Tuple.from(List.of(tenantId, table.service().id(),
                        tenantId, utc(from), utc(to), tenantId, table.service().id())))
                .map(written -> written.rowCount());
    }

    /**
     * The INSERT of hours computed from the points that {@code points} joins (the point as {@code p}, its resource row as
     * {@code r}; parameters: the tenant and service, then those of {@code points}, then the points' tenant and range), where
     * {@code condition} holds (on {@code hours} and the metric {@code m}), replacing the rows of hours that have them.
     */
    private static String hoursFrom(PerformanceTable table, String points, String condition) {
        List<String> columns = table.metrics().stream().map(PerformanceTable.Metric::column).toList();
        // Per timestamp, each column's average over the sightings (NULL where none has one); per hour, each column's count,
        // sum, minimum and maximum of those; then one row per metric (the columns unpivoted) and hour that has a point.
        String averages = each(columns, c -> "AVG(p." + c + ") AS " + c, ", ");
        String aggregates = each(columns, c -> "COUNT(" + c + ") AS n_" + c + ", SUM(" + c + ") AS s_" + c + ", MIN(" + c
                + ") AS lo_" + c + ", MAX(" + c + ") AS hi_" + c, ", ");
        Function<String, String> picked = prefix -> "CASE m.metric " + each(columns, c -> "WHEN '" + c + "' THEN " + prefix + c, " ")
                + " END";
        return "INSERT INTO performance_hourly (client_id, service_type, natural_id, region, metric, `hour`, sample_count,"
                + " value_sum, value_min, value_max)"
                + " SELECT ?, ?, natural_id, region, m.metric, `hour`, " + picked.apply("n_") + " AS sample_count, "
                + picked.apply("s_") + ", " + picked.apply("lo_") + ", " + picked.apply("hi_") + " FROM ("
                + "SELECT natural_id, region, DATE_FORMAT(t, '%Y-%m-%d %H:00:00') AS `hour`, " + aggregates + " FROM ("
                + "SELECT r." + table.naturalIdColumn() + " AS natural_id, r.region, p.`timestamp` AS t, " + averages
                + " FROM " + points + " WHERE p.client_id = ? AND p.`timestamp` >= ? AND p.`timestamp` < ?"
                + " GROUP BY r." + table.naturalIdColumn() + ", r.region, p.`timestamp`"
                + ") points GROUP BY natural_id, region, `hour`) hours CROSS JOIN ("
                + each(columns, c -> "SELECT '" + c + "' AS metric", " UNION ALL ") + ") m" + condition + " HAVING sample_count > 0"
                + " ON DUPLICATE KEY UPDATE sample_count = VALUES(sample_count), value_sum = VALUES(value_sum),"
                + " value_min = VALUES(value_min), value_max = VALUES(value_max)";
    }

    /**
     * The series of one metric of one resource in steps of whole hours: {@code from}, {@code to} and {@code stepSeconds}
     * fall on hours. The average of a step is its hours' sum over their count, as the points' own average would be.
     */
    Uni<List<SeriesRepository.StepValue>> series(PerformanceTable table, PerformanceTable.Metric metric, long tenantId,
                                                 String naturalId, String region, Instant from, Instant to, long stepSeconds) {
        String sql = "SELECT TIMESTAMPDIFF(SECOND, ?, `hour`) DIV ? AS step, CAST(SUM(value_sum) / SUM(sample_count) AS DOUBLE)"
                + " AS average, CAST(MAX(value_max) AS DOUBLE) AS maximum FROM performance_hourly WHERE client_id = ?"
                + " AND service_type = ? AND natural_id = ? AND region = ? AND metric = ? AND `hour` >= ? AND `hour` < ?"
                + " GROUP BY step ORDER BY step";
        return replica.query(sql, Tuple.from(List.of(utc(from), stepSeconds, tenantId, table.service().id(), naturalId,
                        region, metric.column(), utc(from), utc(to))))
                .map(rows -> SeriesRepository.steps(rows, from, stepSeconds));
    }

    /**
     * Per resource of {@code table}'s service, the average, maximum and number of points of one metric over a range on
     * whole hours, where {@code condition} (on {@code average} or {@code maximum}) holds: the idlest first, a long read.
     */
    Uni<RowSet<Row>> idle(PerformanceTable table, PerformanceTable.Metric metric, long tenantId, Instant from, Instant to,
                          String condition, double threshold) {
        String sql = "SELECT natural_id, region, CAST(SUM(value_sum) / SUM(sample_count) AS DOUBLE) AS average,"
                + " CAST(MAX(value_max) AS DOUBLE) AS maximum, CAST(SUM(sample_count) AS SIGNED) AS points"
                + " FROM performance_hourly WHERE client_id = ? AND service_type = ? AND metric = ? AND `hour` >= ?"
                + " AND `hour` < ? GROUP BY natural_id, region HAVING " + condition
                + " ORDER BY average, natural_id, region LIMIT " + SeriesRepository.IDLE_LISTED;
        return replica.query(longReads.bounded(sql), Tuple.from(List.of(tenantId, table.service().id(),
                metric.column(), utc(from), utc(to), threshold)));
    }

    /** Deletes at most {@code limit} of the tenant's hours of {@code table}'s service before {@code before}; how many. */
    public Uni<Integer> deleteBefore(PerformanceTable table, long tenantId, Instant before, int limit) {
        return pool.preparedQuery("DELETE FROM performance_hourly WHERE client_id = ? AND service_type = ? AND `hour` < ? LIMIT ?")
                .execute(Tuple.of(tenantId, table.service().id(), utc(before), limit)).map(deleted -> deleted.rowCount());
    }

    /** The start of the UTC hour {@code instant} falls in. */
    public static Instant hourOf(Instant instant) {
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), HOUR_SECONDS) * HOUR_SECONDS);
    }

    private static String each(List<String> columns, Function<String, String> part, String separator) {
        return columns.stream().map(part).collect(Collectors.joining(separator));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
