package io.clouddiagnoze.orchestrator.repository;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rows of one finished scan run as the archive copies them, column by column: the run's row, its resource rows,
 * their metric rows, and the hourly rollups of its resources over the hours its metrics reach. They are read from
 * cursors, deleted children first in batches that are each a statement of their own (so no delete holds its locks for
 * long), and inserted back by a restore. The hours are not deleted here: metrics-collector's window pass deletes those
 * that no online run accounts for, which is why the archive keeps them. This is the one place where scan-orchestrator
 * touches metrics-collector's tables: it reads, deletes and inserts rows of the performance tables, reads and inserts
 * hours, and never changes a row.
 */
@ApplicationScoped
public class RunArchiveRows {
    /** The table of the runs themselves, the first of every archive. */
    public static final String RUNS = "scan_runs";
    /** The hourly rollups, the last of every archive. */
    public static final String HOURS = "performance_hourly";
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final Pool pool;
    private final long hoursReachSeconds;
    /** Per table, the columns a restore may insert: those the database does not generate. */
    private final Map<String, Set<String>> insertable = new ConcurrentHashMap<>();

    RunArchiveRows(Pool pool, @ConfigProperty(name = "clouddiagnoze.retention.metrics-window") Duration metricsWindow) {
        this.pool = pool;
        this.hoursReachSeconds = metricsWindow.plusHours(1).toSeconds();
    }

    /**
     * The tables of a run of {@code service}, in the order a restore inserts them: the run, its resources, their metrics,
     * the hours.
     */
    public static List<String> tables(ServiceType service) {
        return List.of(RUNS, service.resourceTable(), service.performanceTable(), HOURS);
    }

    /** Every row of the run, table by table in {@link #tables} order, one by one from cursors. */
    public Multi<ArchivedRow> read(ScanRun.Ref run) {
        ServiceType service = run.service();
        Tuple ids = Tuple.of(run.id(), run.tenantId());
        return Multi.createBy().concatenating().streams(
                rows(RUNS, "SELECT * FROM scan_runs WHERE id = ? AND user_id = ?", ids),
                rows(service.resourceTable(), "SELECT * FROM " + service.resourceTable()
                        + " WHERE scan_run_id = ? AND client_id = ? ORDER BY id", ids),
                rows(service.performanceTable(), "SELECT p.* FROM " + service.performanceTable() + " p JOIN "
                        + service.resourceTable() + " r ON r.id = p." + service.performanceResourceColumn()
                        + " WHERE r.scan_run_id = ? AND r.client_id = ? ORDER BY p." + service.performanceResourceColumn()
                        + ", p.`timestamp`", ids),
                rows(HOURS, "SELECT h.* FROM scan_runs s JOIN (SELECT DISTINCT " + service.naturalIdColumn() + " AS natural_id, region"
                        + " FROM " + service.resourceTable() + " WHERE scan_run_id = ? AND client_id = ?) r JOIN performance_hourly h"
                        + " ON h.client_id = s.user_id AND h.service_type = s.service_type AND h.natural_id = r.natural_id"
                        + " AND h.region = r.region AND h.`hour` >= s.scan_timestamp - INTERVAL ? SECOND AND h.`hour` <= s.scan_timestamp"
                        + " WHERE s.id = ? AND s.user_id = ? ORDER BY h.natural_id, h.region, h.metric, h.`hour`",
                        Tuple.of(run.id(), run.tenantId(), hoursReachSeconds, run.id(), run.tenantId())));
    }

    /** The ids of up to {@code limit} resource rows of the run, lowest first: the next window to delete. */
    public Uni<List<Long>> resourceIds(ScanRun.Ref run, int limit) {
        return pool.preparedQuery("SELECT id FROM " + run.service().resourceTable() + " WHERE scan_run_id = ? AND client_id = ?"
                        + " ORDER BY id LIMIT ?")
                .execute(Tuple.of(run.id(), run.tenantId(), limit)).map(found -> Rows.each(found, row -> row.getLong("id")));
    }

    /** Deletes up to {@code limit} metric rows of the resource rows {@code resourceIds}; how many it deleted. */
    public Uni<Integer> deleteMetrics(ServiceType service, List<Long> resourceIds, int limit) {
        List<Object> params = new ArrayList<>(resourceIds);
        params.add(limit);
        return pool.preparedQuery("DELETE FROM " + service.performanceTable() + " WHERE " + service.performanceResourceColumn()
                        + " IN (" + Rows.marks(resourceIds.size()) + ") LIMIT ?")
                .execute(Tuple.from(params)).map(RowSet::rowCount);
    }

    /** Deletes the resource rows {@code resourceIds} (whose metrics are gone already); how many it deleted. */
    public Uni<Integer> deleteResources(ServiceType service, List<Long> resourceIds) {
        return pool.preparedQuery("DELETE FROM " + service.resourceTable() + " WHERE id IN (" + Rows.marks(resourceIds.size()) + ")")
                .execute(Tuple.from(new ArrayList<Object>(resourceIds))).map(RowSet::rowCount);
    }

    /**
     * Deletes the run's own row, once its resources are gone, unless it is in progress; the schema clears the findings'
     * references to it and deletes what its outbox still held. Whether it deleted it.
     */
    public Uni<Boolean> deleteRun(ScanRun.Ref run) {
        return pool.preparedQuery("DELETE FROM scan_runs WHERE id = ? AND user_id = ? AND status <> 'in_progress'")
                .execute(Tuple.of(run.id(), run.tenantId())).map(deleted -> deleted.rowCount() == 1);
    }

    /** Whether the run's row is online (archived runs whose deletion has not finished are). */
    public Uni<Boolean> online(long runId) {
        return pool.preparedQuery("SELECT 1 FROM scan_runs WHERE id = ?").execute(Tuple.of(runId)).map(found -> found.size() > 0);
    }

    /**
     * Inserts archived rows of {@code table}, all with the same columns, in one statement within the caller's transaction.
     * An hour that is online already stays as it is (metrics-collector has it from the points, or a neighbouring run's
     * restore brought it back).
     */
    public Uni<Void> insert(SqlClient tx, String table, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return insertableColumns(tx, table).flatMap(columns -> {
            List<String> named = rows.get(0).keySet().stream().filter(columns::contains).toList();
            List<Object> params = new ArrayList<>(rows.size() * named.size());
            rows.forEach(values -> named.forEach(column -> params.add(values.get(column))));
            return tx.preparedQuery("INSERT " + (table.equals(HOURS) ? "IGNORE " : "") + "INTO " + table + " (" + String.join(", ", named.stream().map(c -> "`" + c + "`").toList())
                            + ") VALUES " + Rows.values(rows.size(), named.size()))
                    .execute(Tuple.from(params)).replaceWithVoid();
        });
    }

    /** A DATETIME as the archive writes it. */
    public static String datetime(LocalDateTime time) {
        return DATETIME.format(time);
    }

    private Uni<Set<String>> insertableColumns(SqlClient client, String table) {
        Set<String> known = insertable.get(table);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return client.preparedQuery("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER'")
                .execute(Tuple.of(table)).map(found -> Set.copyOf(Rows.each(found, row -> row.getString(0))))
                .invoke(columns -> insertable.put(table, columns));
    }

    private Multi<ArchivedRow> rows(String table, String sql, Tuple params) {
        return Rows.cursor(pool, sql, params).map(row -> new ArchivedRow(table, columns(row)));
    }

    /**
     * A row as plain values that JSON carries without loss and MariaDB reads back into the same column: numbers, text,
     * DECIMAL as its digits and DATETIME as text, both exact.
     */
    private static Map<String, Object> columns(Row row) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            columns.put(row.getColumnName(i), plain(row.getColumnName(i), row.getValue(i)));
        }
        return columns;
    }

    private static Object plain(String column, Object value) {
        if (value instanceof Numeric decimal) {
            return decimal.toString();
        }
        if (value instanceof LocalDateTime time) {
            return datetime(time);
        }
        if (value == null || value instanceof Number || value instanceof String || value instanceof Boolean) {
            return value;
        }
        throw new IllegalStateException("column " + column + " holds a " + value.getClass().getSimpleName()
                + ", which the archive does not carry");
    }

    /** One row of one table, by column name. */
    public record ArchivedRow(String table, Map<String, Object> columns) {
    }
}
