package io.clouddiagnoze.orchestrator.repository;

import static io.clouddiagnoze.service.persistence.Rows.each;
import static io.clouddiagnoze.service.persistence.Rows.first;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.COLUMNS;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.listed;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.STATE_COLUMNS;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.instant;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.utc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.FieldLimits;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.orchestrator.model.RunState;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.model.ScanRun.Status;
import io.clouddiagnoze.service.persistence.Constraints;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every statement on {@code scan_runs}, the table scan-orchestrator owns: runs started, read and deleted for the API;
 * locked, fed, closed and timed out as events drive them; claimed and marked published by the relays, for which
 * the table is the outbox. Where a statement belongs to a caller's transaction, it takes the caller's client.
 */
@ApplicationScoped
public class ScanRunRepository {
    /** Refuses a second run in progress of a tenant's service. */
    public static final Predicate<Throwable> ONE_IN_PROGRESS = Constraints.violated("uk_scan_runs_one_in_progress");

    private final Pool pool;
    private final ScanRunRows rows;

    ScanRunRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.rows = new ScanRunRows(json);
    }

    /** One run in progress per service, in one transaction: none if a service is being scanned already (its constraint). */
    public Uni<List<ScanRun>> start(long tenantId, List<ServiceType> services, List<String> regions) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String regionsJson = rows.write(regions);
        return pool.withTransaction(tx -> Multi.createFrom().iterable(services)
                .onItem().transformToUniAndConcatenate(service -> tx.preparedQuery("INSERT INTO scan_runs"
                                + " (user_id, service_type, scan_timestamp, requested_regions) VALUES (?, ?, ?, ?)")
                        .execute(Tuple.of(tenantId, service.id(), utc(now), regionsJson))
                        .map(inserted -> new ScanRun(inserted.property(MySQLClient.LAST_INSERTED_ID), tenantId, service, Status.IN_PROGRESS,
                                now, null, 0, List.copyOf(regions), null, null, null)))
                .collect().asList());
    }

    /** The tenant's run, online or archived, or null when it does not exist or belongs to someone else. */
    public Uni<ScanRun> find(long tenantId, long id) {
        return pool.preparedQuery(listed("id = ? AND user_id = ?")).execute(Tuple.of(id, tenantId, id, tenantId))
                .map(found -> first(found, rows::listed));
    }

    /** A page of the tenant's runs, online and archived, that {@code search} selects, newest first, and how many in all. */
    public Uni<Listing> list(long tenantId, Search search, int page, int size) {
        List<Object> selection = new ArrayList<>(List.of(tenantId));
        String listed = listed("user_id = ?" + Rows.given(selection,
                new Object[] {" AND service_type = ?", search.service() == null ? null : search.service().id()},
                new Object[] {" AND status = ?", search.status() == null ? null : search.status().id()},
                new Object[] {" AND scan_timestamp >= ?", utc(search.from())}, new Object[] {" AND scan_timestamp < ?", utc(search.to())}));
        List<Object> params = new ArrayList<>(selection);
        params.addAll(selection);
        List<Object> paged = new ArrayList<>(params);
        paged.addAll(List.of(size, (long) page * size));
        return pool.preparedQuery(listed + " ORDER BY scan_timestamp DESC, id DESC LIMIT ? OFFSET ?")
                .execute(Tuple.from(paged)).map(found -> each(found, rows::listed))
                .flatMap(items -> pool.preparedQuery("SELECT COUNT(*) FROM (" + listed + ") AS listed").execute(Tuple.from(params))
                        .map(count -> new Listing(items, count.iterator().next().getLong(0))));
    }

    /** Deletes the tenant's run with its resources and their metrics unless it is in progress; the run as it was, or null. */
    public Uni<ScanRun> deleteFinished(long tenantId, long id) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT " + COLUMNS + " FROM scan_runs WHERE id = ? AND user_id = ? FOR UPDATE")
                .execute(Tuple.of(id, tenantId)).map(found -> first(found, rows::run))
                .call(run -> run == null || run.status() == Status.IN_PROGRESS ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("DELETE FROM scan_runs WHERE id = ?").execute(Tuple.of(id))));
    }

    /**
     * Up to {@code limit} of the tenant's finished runs scanned before {@code cutoff}, oldest first, that are not archived
     * yet, not kept online by a restore until after {@code now}, and not the latest successful run of their service: what
     * the retention job archives. The latest successful run stays however old it is, so that a tenant who has not scanned
     * for longer than the retention period still finds its inventory and findings where it left them.
     */
    public Uni<List<ScanRun>> expired(long tenantId, Instant cutoff, Instant now, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM scan_runs WHERE user_id = ? AND scan_timestamp < ?"
                        + " AND status <> 'in_progress' AND (retained_until IS NULL OR retained_until < ?)"
                        + " AND NOT EXISTS (SELECT 1 FROM archived_scan_runs a WHERE a.scan_run_id = scan_runs.id)"
                        + " AND (status <> 'success' OR EXISTS (SELECT 1 FROM scan_runs later WHERE later.user_id = scan_runs.user_id"
                        + " AND later.service_type = scan_runs.service_type AND later.status = 'success'"
                        + " AND (later.scan_timestamp, later.id) > (scan_runs.scan_timestamp, scan_runs.id)))"
                        + " ORDER BY scan_timestamp, id LIMIT ?")
                .execute(Tuple.of(tenantId, utc(cutoff), utc(now), limit)).map(found -> each(found, rows::run));
    }

    /** The id of the successful run of the same tenant and service just before {@code run}, or null. */
    public Uni<Long> previousSuccessful(ScanRun.Ref run) {
        return pool.preparedQuery("SELECT id FROM scan_runs WHERE user_id = ? AND service_type = ? AND status = 'success' AND id < ?"
                        + " ORDER BY scan_timestamp DESC, id DESC LIMIT 1")
                .execute(Tuple.of(run.tenantId(), run.service().id(), run.id())).map(found -> first(found, row -> row.getLong("id")));
    }

    /** The latest successful scan of a service for a tenant, or null: the first step of every inventory and compliance query. */
    public Uni<LatestScan> latestSuccessful(long tenantId, ServiceType service) {
        return pool.preparedQuery("SELECT id, scan_timestamp, total_resources, findings_checks FROM scan_runs WHERE user_id = ?"
                        + " AND service_type = ? AND status = 'success' ORDER BY scan_timestamp DESC, id DESC LIMIT 1")
                .execute(Tuple.of(tenantId, service.id()))
                .map(found -> first(found, row -> new LatestScan(row.getLong("id"), instant(row.getLocalDateTime("scan_timestamp")),
                        row.getLong("total_resources"), rows.names(row.getString("findings_checks")))));
    }


    /** The run, locked until the caller's transaction ends, or null when there is none. */
    public Uni<RunState> lock(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT " + STATE_COLUMNS + " FROM scan_runs WHERE id = ? FOR UPDATE").execute(Tuple.of(id))
                .map(found -> first(found, ScanRunRows::state));
    }

    public Uni<Void> touch(SqlClient tx, long id) {
        return tx.preparedQuery("UPDATE scan_runs SET last_event_at = ? WHERE id = ?").execute(Tuple.of(utc(Instant.now()), id))
                .replaceWithVoid();
    }

    /** Keeps the scanner's verdict until every resource it counted is stored. */
    public Uni<Void> recordResult(SqlClient tx, long id, Status scannerStatus, long expected, List<RegionOutcome> regionOutcomes,
                                  String error) {
        return tx.preparedQuery("UPDATE scan_runs SET scanner_status = ?, expected_resources = ?, region_outcomes = ?,"
                        + " error_detail = ?, last_event_at = ? WHERE id = ?")
                .execute(Tuple.from(Arrays.asList(scannerStatus.id(), expected, rows.write(regionOutcomes), error, utc(Instant.now()), id)))
                .replaceWithVoid();
    }

    /** Closes the run, with the checks whose findings it recorded (null when it recorded none). */
    public Uni<Void> close(SqlClient tx, long id, Status status, long totalResources, List<String> findingsChecks) {
        return tx.preparedQuery("UPDATE scan_runs SET status = ?, total_resources = ?, finished_at = ?, findings_checks = ? WHERE id = ?"
                        + " AND status = 'in_progress'")
                .execute(Tuple.from(Arrays.asList(status.id(), totalResources, utc(Instant.now()), rows.write(findingsChecks), id)))
                .replaceWithVoid();
    }

    /** Ends a run in progress as an error, {@code reason} first in its error; the scanner's own error, if any, after it. */
    public Uni<Void> fail(SqlClient client, long id, String reason) {
        return client.preparedQuery("UPDATE scan_runs SET status = 'error', finished_at = ?, error_detail = "
                        + boundedError("CONCAT_WS('; ', ?, error_detail)") + " WHERE id = ? AND status = 'in_progress'")
                .execute(Tuple.of(utc(Instant.now()), reason, id)).replaceWithVoid();
    }

    /** Ends a run in progress as an error, outside any other transaction. */
    public Uni<Void> fail(long id, String reason) {
        return fail(pool, id, reason);
    }

    /** Ends with an error every run in progress that has had no news for {@code silence}; returns how many. */
    public Uni<Integer> timeOut(Duration silence) {
        return pool.preparedQuery("UPDATE scan_runs SET status = 'error', finished_at = ?, error_detail = " + boundedError(
                        "CONCAT('timed out: no news from the scanner for ', ?, ' s', IFNULL(CONCAT('; ', error_detail), ''))")
                        + " WHERE status = 'in_progress' AND COALESCE(last_event_at, request_published_at, scan_timestamp) < ?")
                .execute(Tuple.of(utc(Instant.now()), silence.toSeconds(), utc(Instant.now().minus(silence)))).map(RowSet::rowCount);
    }

    /**
     * Claims for {@code claim} up to {@code limit} of the oldest runs waiting in {@code outbox} that no live claim holds,
     * in one UPDATE (two relays meeting on the same runs are ordered by its row locks), and reads them.
     */
    public Uni<List<ScanRun>> claim(Outbox outbox, String claim, int limit) {
        Instant now = Instant.now();
        return pool.preparedQuery("UPDATE scan_runs SET relay_claim = ?, relay_claimed_until = ? WHERE " + outbox.pending
                        + " AND (relay_claimed_until IS NULL OR relay_claimed_until < ?) ORDER BY id LIMIT ?")
                .execute(Tuple.of(claim, utc(now.plus(outbox.lease)), utc(now), limit))
                .flatMap(claimed -> claimed.rowCount() == 0 ? Uni.createFrom().item(List.<ScanRun>of())
                        : pool.preparedQuery("SELECT " + COLUMNS + " FROM scan_runs WHERE relay_claim = ? AND " + outbox.pending
                                + " ORDER BY id").execute(Tuple.of(claim)).map(found -> each(found, rows::run)));
    }

    public Uni<Void> release(String claim) {
        return pool.preparedQuery("UPDATE scan_runs SET relay_claim = NULL, relay_claimed_until = NULL WHERE relay_claim = ?")
                .execute(Tuple.of(claim)).replaceWithVoid();
    }

    /** Marks a claimed run's {@code outbox} entry sent: no round claims it again. */
    public Uni<Void> published(Outbox outbox, long id) {
        return pool.preparedQuery("UPDATE scan_runs SET " + outbox.published + " = ? WHERE id = ?")
                .execute(Tuple.of(utc(Instant.now()), id)).replaceWithVoid();
    }

    /** An error built from {@code expression}, cut to the column's width: a long scanner error must not fail the update. */
    private static String boundedError(String expression) {
        return "LEFT(" + expression + ", " + FieldLimits.ERROR_DETAIL + ")";
    }

    /** Which of a tenant's runs a listing selects; null: any. */
    public record Search(ServiceType service, Status status, Instant from, Instant to) {
    }

    public record Listing(List<ScanRun> items, long total) {
    }

    /** A successful run: its resources, and the checks whose findings it recorded (null: none, it closed before findings were kept). */
    public record LatestScan(long id, Instant scanTimestamp, long totalResources, List<String> findingsChecks) {
    }
}
