package io.clouddiagnoze.metrics.store;

import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Multi;
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
import java.util.Optional;

/**
 * What collection reads and writes, through the reactive MariaDB client: the tenant's role, and performance rows in multi-row INSERTs that are idempotent on (resource row, timestamp).
 */
@ApplicationScoped
public class PerformanceRepository {
    /** The MySQL protocol takes at most 65,535 parameters in one statement; stay well under. */
    private static final int MAX_PARAMETERS = 12_000;

    private final Pool pool;
    private final HourlyRollupRepository hours;

    PerformanceRepository(Pool pool, HourlyRollupRepository hours) {
        this.pool = pool;
        this.hours = hours;
    }

    /** The tenant's role and ExternalId, if it has handed a role over. */
    public Uni<Optional<TenantRole>> role(long tenantId) {
        return pool.preparedQuery("SELECT role_arn, external_id FROM users WHERE id = ?").execute(Tuple.of(tenantId))
                .map(rows -> Optional.ofNullable(Rows.first(rows, row -> row.getString("role_arn") == null ? null
                        : new TenantRole(row.getString("role_arn"), row.getString("external_id")))));
    }

    /**
     * Stores {@code rows} in one transaction, with the hourly rollups of the hours they fall in. A point already stored is
     * updated in place: a metric value re-collected replaces the old one, and a metric absent from the new row keeps its
     * old value.
     */
    public Uni<Void> insert(PerformanceTable table, long tenantId, List<PerformanceRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> insertPoints(tx, table, tenantId, rows)
                .flatMap(stored -> hours.recompute(tx, table, tenantId, rows)));
    }

    /** The points alone, without their hours (which the benchmark measures apart). */
    Uni<Void> insertPoints(SqlClient tx, PerformanceTable table, long tenantId, List<PerformanceRow> rows) {
        List<String> columns = table.metrics().stream().map(PerformanceTable.Metric::column).toList();
        int width = columns.size() + 3;
        int perStatement = MAX_PARAMETERS / width;
        String updates = String.join(", ", columns.stream().map(c -> c + " = COALESCE(VALUES(" + c + "), " + c + ")").toList());
        return Multi.createFrom().range(0, (rows.size() + perStatement - 1) / perStatement)
                .onItem().transformToUniAndConcatenate(chunk -> insertChunk(tx, table, tenantId, columns, updates,
                        rows.subList(chunk * perStatement, Math.min(rows.size(), (chunk + 1) * perStatement))))
                .collect().last().replaceWithVoid();
    }

    /** Deletes at most {@code limit} of the tenant's points of {@code table} before {@code before}; how many. */
    public Uni<Integer> deleteBefore(PerformanceTable table, long tenantId, Instant before, int limit) {
        return pool.preparedQuery("DELETE FROM " + table.table() + " WHERE client_id = ? AND `timestamp` < ? LIMIT ?")
                .execute(Tuple.of(tenantId, LocalDateTime.ofInstant(before, ZoneOffset.UTC), limit)).map(deleted -> deleted.rowCount());
    }

    /** The time of the tenant's first point of {@code table} at {@code from} or later and before {@code before}, if any. */
    public Uni<Optional<Instant>> firstPoint(PerformanceTable table, long tenantId, Instant from, Instant before) {
        return pool.preparedQuery("SELECT MIN(`timestamp`) FROM " + table.table() + " WHERE client_id = ? AND `timestamp` >= ?"
                        + " AND `timestamp` < ?")
                .execute(Tuple.of(tenantId, LocalDateTime.ofInstant(from, ZoneOffset.UTC), LocalDateTime.ofInstant(before, ZoneOffset.UTC)))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getLocalDateTime(0)).map(first -> first.toInstant(ZoneOffset.UTC)));
    }

    /** Every tenant. */
    public Uni<List<Long>> tenants() {
        return pool.query("SELECT id FROM users").execute().map(rows -> Rows.each(rows, row -> row.getLong(0)));
    }

    /**
     * When the tenant's oldest online scan of {@code table}'s service was made (what retention has not archived), by the
     * scan runs' index on tenant, service and time; empty when it has none.
     */
    public Uni<Optional<Instant>> oldestScan(PerformanceTable table, long tenantId) {
        return pool.preparedQuery("SELECT MIN(scan_timestamp) FROM scan_runs WHERE user_id = ? AND service_type = ?")
                .execute(Tuple.of(tenantId, table.service().id())).map(rows -> Optional.ofNullable(rows.iterator().next().getLocalDateTime(0))
                        .map(oldest -> oldest.toInstant(ZoneOffset.UTC)));
    }

    private static Uni<RowSet<Row>> insertChunk(SqlClient tx, PerformanceTable table, long tenantId, List<String> columns,
                                            String updates, List<PerformanceRow> rows) {
        int width = columns.size() + 3;
        String sql = "INSERT INTO " + table.table() + " (" + table.resourceColumn() + ", client_id, `timestamp`, "
                + String.join(", ", columns) + ") VALUES " + Rows.values(rows.size(), width)
                + " ON DUPLICATE KEY UPDATE " + updates;
        List<Object> params = new ArrayList<>(rows.size() * width);
        for (PerformanceRow r : rows) {
            params.add(r.resourceRowId());
            params.add(tenantId);
            params.add(LocalDateTime.ofEpochSecond(r.epochSecond(), 0, ZoneOffset.UTC));
            for (double value : r.values()) {
                params.add(Double.isNaN(value) ? null : value);
            }
        }
        return tx.preparedQuery(sql).execute(Tuple.from(params));
    }

    /** A tenant's role as it handed it over. */
    public record TenantRole(String roleArn, String externalId) {
        @Override
        public String toString() {
            return "TenantRole[" + roleArn + "]";
        }
    }
}
