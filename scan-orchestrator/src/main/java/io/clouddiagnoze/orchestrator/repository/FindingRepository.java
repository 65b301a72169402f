package io.clouddiagnoze.orchestrator.repository;

import static io.clouddiagnoze.orchestrator.repository.FindingRows.COLUMNS;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.utc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.events.FindingChanged.Change;
import io.clouddiagnoze.orchestrator.model.MuteEvent;
import io.clouddiagnoze.orchestrator.model.RunState;
import io.clouddiagnoze.orchestrator.model.StoredFinding;
import io.clouddiagnoze.orchestrator.resources.FindingCheck;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Every statement on {@code findings}: what a successful scan run found failing is recorded as it closes, in its
 * transaction (opening a finding, or seeing an open one again, and resolving what it no longer finds), and mutes.
 * {@link FindingQueries} reads the table for the API. Each statement names the tenant.
 */
@ApplicationScoped
public class FindingRepository {
    private final Pool pool;
    private final FindingRows rows;
    private final FindingChangeRepository changes;

    FindingRepository(Pool pool, ObjectMapper json, FindingChangeRepository changes) {
        this.pool = pool;
        this.rows = new FindingRows(json);
        this.changes = changes;
    }

    /**
     * Records what {@code run}, closing with success, found: each resource failing a check of its service opens a finding
     * or is seen again by its open (or muted) one, with the evidence as it is now; one of the service that the run did not
     * see again, in a region it scanned, is resolved by it. Each finding opened, opened again or resolved adds its change
     * to the outbox. The ids of the checks recorded, for the run to keep.
     */
    public Uni<List<String>> record(SqlClient tx, RunState run) {
        ResourceTable<?> table = ResourceTables.of(run.service());
        LocalDateTime at = utc(run.scanTimestamp());
        List<FindingCheck> checks = FindingCheck.ALL.stream().filter(check -> check.service() == run.service()).toList();
        return Multi.createFrom().iterable(checks)
                .onItem().transformToUniAndConcatenate(check -> tx.preparedQuery("INSERT INTO findings (client_id, check_id, service,"
                                + " region, resource_id, severity, evidence, first_seen_at, first_seen_scan_run_id, last_seen_at,"
                                + " last_seen_scan_run_id) SELECT client_id, ?, ?, region, " + table.naturalIdColumn() + ", ?, "
                                + FindingRows.evidence(table, check) + ", ?, scan_run_id, ?, scan_run_id FROM " + table.table()
                                + " WHERE scan_run_id = ? AND client_id = ? AND (" + check.condition() + ")"
                                + " ON DUPLICATE KEY UPDATE last_seen_at = VALUES(last_seen_at),"
                                + " last_seen_scan_run_id = VALUES(last_seen_scan_run_id), evidence = VALUES(evidence),"
                                + " severity = VALUES(severity)")
                        .execute(Tuple.from(List.of(check.id(), run.service().id(), check.severity().name(), at, at, run.id(),
                                run.tenantId()))))
                .collect().last()
                .flatMap(recorded -> changes.add(tx, Change.OPENED, run.scanTimestamp(), "client_id = ? AND first_seen_scan_run_id = ?",
                        List.of(run.tenantId(), run.id())))
                .flatMap(opened -> unmuteChanged(tx, run, at))
                .flatMap(unmuted -> tx.preparedQuery("UPDATE findings SET status = 'resolved', resolved_at = ?, resolved_scan_run_id = ?"
                                + " WHERE client_id = ? AND service = ? AND status <> 'resolved' AND NOT (last_seen_scan_run_id <=> ?)"
                                + " AND region IN (" + ScanRunRows.SCANNED_REGIONS + ")")
                        .execute(Tuple.of(at, run.id(), run.tenantId(), run.service().id(), run.id(), run.id())))
                .flatMap(resolved -> changes.add(tx, Change.RESOLVED, run.scanTimestamp(), "client_id = ? AND resolved_scan_run_id = ?",
                        List.of(run.tenantId(), run.id())))
                .replaceWith(checks.stream().map(FindingCheck::id).toList());
    }

    /** Opens the muted findings that {@code run} saw with evidence other than they were muted with. */
    private Uni<Void> unmuteChanged(SqlClient tx, RunState run, LocalDateTime at) {
        String changed = "client_id = ? AND service = ? AND status = 'muted' AND last_seen_scan_run_id = ?"
                + " AND NOT JSON_EQUALS(muted_evidence, evidence)";
        List<Object> params = List.of(run.tenantId(), run.service().id(), run.id());
        return tx.preparedQuery("INSERT INTO finding_mutes (finding_id, client_id, action, at) SELECT id, client_id, 'evidence_changed', ?"
                        + " FROM findings WHERE " + changed).execute(Tuple.of(at, run.tenantId(), run.service().id(), run.id()))
                .flatMap(audited -> changes.add(tx, Change.UNMUTED, run.scanTimestamp(), changed, params))
                .flatMap(announced -> tx.preparedQuery("UPDATE findings SET status = 'open' WHERE " + changed).execute(Tuple.from(params)))
                .replaceWithVoid();
    }

    /** The tenant's finding, or null. */
    public Uni<StoredFinding> find(long tenantId, long id) {
        return select(pool, tenantId, id, "");
    }

    /**
     * Mutes the tenant's finding (or changes its mute) for {@code actor}, with its evidence as it is now; the finding as it
     * was before, or null when the tenant has no such finding. A resolved finding is left as it is.
     */
    public Uni<StoredFinding> mute(long tenantId, long id, long actor, String reason, Instant until) {
        Instant now = Instant.now();
        return pool.withTransaction(tx -> locked(tx, tenantId, id).call(found -> found == null || found.status().equals("resolved")
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery("UPDATE findings SET status = 'muted', muted_at = ?, muted_until = ?, muted_by = ?, mute_reason = ?,"
                                + " muted_evidence = evidence WHERE id = ?").execute(Tuple.of(utc(now), utc(until), actor, reason, id))
                        .flatMap(muted -> audit(tx, found, "muted", actor, reason, until, now))
                        .flatMap(audited -> changes.add(tx, Change.MUTED, now, "id = ?", List.of(id)))));
    }

    /** Opens the tenant's muted finding again for {@code actor}; the finding as it was before, or null when there is none. */
    public Uni<StoredFinding> unmute(long tenantId, long id, long actor) {
        Instant now = Instant.now();
        return pool.withTransaction(tx -> locked(tx, tenantId, id).call(found -> found == null || !found.status().equals("muted")
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery("UPDATE findings SET status = 'open' WHERE id = ?").execute(Tuple.of(id))
                        .flatMap(opened -> audit(tx, found, "unmuted", actor, null, null, now))
                        .flatMap(audited -> changes.add(tx, Change.UNMUTED, now, "id = ?", List.of(id)))));
    }

    /** Opens every muted finding whose mute has ended by {@code now}; how many. */
    public Uni<Integer> expireMutes(Instant now) {
        String ended = "status = 'muted' AND muted_until <= ?";
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT id FROM findings WHERE " + ended + " FOR UPDATE").execute(Tuple.of(utc(now)))
                .flatMap(expired -> expired.size() == 0 ? Uni.createFrom().item(0)
                        : tx.preparedQuery("INSERT INTO finding_mutes (finding_id, client_id, action, at) SELECT id, client_id, 'expired', ?"
                                        + " FROM findings WHERE " + ended).execute(Tuple.of(utc(now), utc(now)))
                                .flatMap(audited -> changes.add(tx, Change.UNMUTED, now, ended, List.of(utc(now))))
                                .flatMap(announced -> tx.preparedQuery("UPDATE findings SET status = 'open' WHERE " + ended).execute(Tuple.of(utc(now))))
                                .map(RowSet::rowCount)));
    }

    /** Who muted and opened the tenant's finding, and why, oldest first. */
    public Uni<List<MuteEvent>> mutes(long tenantId, long id) {
        return pool.preparedQuery("SELECT action, actor, reason, muted_until, at FROM finding_mutes WHERE finding_id = ? AND client_id = ?"
                        + " ORDER BY at, id").execute(Tuple.of(id, tenantId))
                .map(FindingRows::muteEvents);
    }

    private Uni<StoredFinding> locked(SqlClient tx, long tenantId, long id) {
        return select(tx, tenantId, id, " FOR UPDATE");
    }

    private Uni<StoredFinding> select(SqlClient client, long tenantId, long id, String lock) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM findings WHERE id = ? AND client_id = ?" + lock)
                .execute(Tuple.of(id, tenantId)).map(found -> Rows.first(found, rows::finding));
    }

    private static Uni<Void> audit(SqlClient tx, StoredFinding finding, String action, Long actor, String reason, Instant until,
                                   Instant at) {
        return tx.preparedQuery("INSERT INTO finding_mutes (finding_id, client_id, action, actor, reason, muted_until, at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(Tuple.from(Arrays.asList(finding.id(), finding.tenantId(), action, actor, reason, utc(until), utc(at))))
                .replaceWithVoid();
    }
}
