package io.clouddiagnoze.orchestrator.repository;

import io.clouddiagnoze.contracts.FieldLimits;
import io.clouddiagnoze.contracts.ServiceType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Scan runs through the reactive client where it counts: the latest successful scan (read on every inventory
 * and findings query), and the life of runs as events drive it: locking a run while an event
 * for it is applied, recording the scanner's result, closing complete runs and timing out silent ones.
 */
@ApplicationScoped
public class ScanProgressRepository {
    private final Pool pool;

    ScanProgressRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The latest successful scan of a service for a tenant, or null: the first step of every inventory and
     * findings query, so one indexed statement rather than an ORM session.
     */
    public Uni<LatestScan> latestSuccessful(long tenantId, ServiceType service) {
        return pool.preparedQuery("SELECT id, scan_timestamp FROM scan_runs WHERE user_id = ? AND service_type = ?"
                        + " AND status = 'success' ORDER BY scan_timestamp DESC, id DESC LIMIT 1")
                .execute(Tuple.of(tenantId, service.id()))
                .map(rows -> rows.size() == 0 ? null : LatestScan.of(rows.iterator().next()));
    }

    /** The run, locked until the caller's transaction ends, or null when there is none. */
    public Uni<RunState> lock(SqlClient client, long scanRunId) {
        return client.preparedQuery("SELECT id, user_id, service_type, status, scan_timestamp, scanner_status,"
                        + " expected_resources FROM scan_runs WHERE id = ? FOR UPDATE")
                .execute(Tuple.of(scanRunId))
                .map(rows -> rows.size() == 0 ? null : RunState.of(rows.iterator().next()));
    }

    public Uni<Void> touch(SqlClient client, long scanRunId) {
        return client.preparedQuery("UPDATE scan_runs SET last_event_at = ? WHERE id = ?")
                .execute(Tuple.of(now(), scanRunId)).replaceWithVoid();
    }

    /** Keeps the scanner's verdict until every resource it counted is stored. */
    public Uni<Void> recordResult(SqlClient client, long scanRunId, String scannerStatus, long expected,
                                  String regionOutcomesJson, String error) {
        return client.preparedQuery("UPDATE scan_runs SET scanner_status = ?, expected_resources = ?, region_outcomes = ?,"
                        + " error_detail = ?, last_event_at = ? WHERE id = ?")
                .execute(Tuple.from(java.util.Arrays.asList(scannerStatus, expected, regionOutcomesJson, error, now(), scanRunId)))
                .replaceWithVoid();
    }

    public Uni<Void> close(SqlClient client, long scanRunId, String status, long totalResources) {
        return client.preparedQuery("UPDATE scan_runs SET status = ?, total_resources = ?, finished_at = ? WHERE id = ?"
                        + " AND status = 'in_progress'")
                .execute(Tuple.of(status, totalResources, now(), scanRunId)).replaceWithVoid();
    }

    /** Ends a run in progress as an error, {@code reason} first in its error; the scanner's own error, if any, after it. */
    public Uni<Void> fail(SqlClient client, long scanRunId, String reason) {
        return client.preparedQuery("UPDATE scan_runs SET status = 'error', finished_at = ?, error_detail = "
                        + boundedError("CONCAT_WS('; ', ?, error_detail)") + " WHERE id = ? AND status = 'in_progress'")
                .execute(Tuple.of(now(), reason, scanRunId)).replaceWithVoid();
    }

    /** Ends with an error every run in progress that has had no news for {@code silence}; returns how many. */
    public Uni<Integer> timeOut(Duration silence) {
        LocalDateTime cutoff = LocalDateTime.ofInstant(Instant.now().minus(silence), ZoneOffset.UTC);
        return pool.preparedQuery("UPDATE scan_runs SET status = 'error', finished_at = ?, error_detail = " + boundedError(
                        "CONCAT('timed out: no news from the scanner for ', ?, ' s', IFNULL(CONCAT('; ', error_detail), ''))")
                        + " WHERE status = 'in_progress' AND COALESCE(last_event_at, request_published_at, scan_timestamp) < ?")
                .execute(Tuple.of(now(), silence.toSeconds(), cutoff)).map(RowSet::rowCount);
    }

    /** An error built from {@code expression}, cut to the column's width: a long scanner error must not fail the update. */
    private static String boundedError(String expression) {
        return "LEFT(" + expression + ", " + FieldLimits.ERROR_DETAIL + ")";
    }

    public Pool pool() {
        return pool;
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    /** What ingestion needs to know of a run. */
    /** A successful scan run: its id and when it was requested. */
    public record LatestScan(long id, Instant scanTimestamp) {
        static LatestScan of(Row row) {
            return new LatestScan(row.getLong("id"), row.getLocalDateTime("scan_timestamp").toInstant(ZoneOffset.UTC));
        }
    }

    public record RunState(long id, long tenantId, ServiceType service, String status, Instant scanTimestamp,
                           String scannerStatus, Long expectedResources) {
        static RunState of(Row row) {
            return new RunState(row.getLong("id"), row.getLong("user_id"),
                    ServiceType.fromId(row.getString("service_type")).orElseThrow(), row.getString("status"),
                    row.getLocalDateTime("scan_timestamp").toInstant(ZoneOffset.UTC), row.getString("scanner_status"),
                    row.getLong("expected_resources"));
        }

        public boolean inProgress() {
            return "in_progress".equals(status);
        }

        /** The same run with the scanner's verdict and count, as they are being recorded. */
        public RunState withResult(String scannerStatus, Long expectedResources) {
            return new RunState(id, tenantId, service, status, scanTimestamp, scannerStatus, expectedResources);
        }
    }
}
