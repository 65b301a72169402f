package io.clouddiagnoze.orchestrator.repository;

import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.instant;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.RunState;
import io.clouddiagnoze.orchestrator.resources.Column;
import io.clouddiagnoze.orchestrator.resources.FindingCheck;
import io.clouddiagnoze.orchestrator.resources.FindingCheck.Severity;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every statement on {@code findings}: what a successful scan run found failing is recorded as it closes, in its
 * transaction (opening a finding, or seeing an open one again, and resolving what it no longer finds); the API reads
 * the table by index. Each statement names the tenant.
 */
@ApplicationScoped
public class FindingRepository {
    private static final String COLUMNS = "id, check_id, service, region, resource_id, severity, status, evidence, first_seen_at,"
            + " first_seen_scan_run_id, last_seen_at, last_seen_scan_run_id, resolved_at, resolved_scan_run_id";
    private static final TypeReference<Map<String, Object>> EVIDENCE = new TypeReference<>() { };

    private final Pool pool;
    private final ObjectMapper json;

    FindingRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Records what {@code run}, closing with success, found: each resource failing a check of its service opens a finding
     * or is seen again by its open one (with the evidence as it is now); an open finding of the service that the run did
     * not see again is resolved by it.
     */
    public Uni<Void> record(SqlClient tx, RunState run) {
        ResourceTable<?> table = ResourceTables.of(run.service());
        LocalDateTime at = utc(run.scanTimestamp());
        return Multi.createFrom().iterable(FindingCheck.ALL).select().where(check -> check.service() == run.service())
                .onItem().transformToUniAndConcatenate(check -> tx.preparedQuery("INSERT INTO findings (client_id, check_id, service,"
                                + " region, resource_id, severity, evidence, first_seen_at, first_seen_scan_run_id, last_seen_at,"
                                + " last_seen_scan_run_id) SELECT client_id, ?, ?, region, " + table.naturalIdColumn() + ", ?, "
                                + evidence(table, check) + ", ?, scan_run_id, ?, scan_run_id FROM " + table.table()
                                + " WHERE scan_run_id = ? AND client_id = ? AND (" + check.condition() + ")"
                                + " ON DUPLICATE KEY UPDATE last_seen_at = VALUES(last_seen_at),"
                                + " last_seen_scan_run_id = VALUES(last_seen_scan_run_id), evidence = VALUES(evidence),"
                                + " severity = VALUES(severity)")
                        .execute(Tuple.from(List.of(check.id(), run.service().id(), check.severity().name(), at, at, run.id(),
                                run.tenantId()))))
                .collect().last()
                .flatMap(recorded -> tx.preparedQuery("UPDATE findings SET status = 'resolved', resolved_at = ?, resolved_scan_run_id = ?"
                                + " WHERE client_id = ? AND service = ? AND status = 'open' AND NOT (last_seen_scan_run_id <=> ?)")
                        .execute(Tuple.of(at, run.id(), run.tenantId(), run.service().id(), run.id())))
                .replaceWithVoid();
    }

    /** How many of the tenant's findings are open, per severity. */
    public Uni<Map<Severity, Long>> openBySeverity(long tenantId) {
        return pool.preparedQuery("SELECT severity, COUNT(*) FROM findings WHERE client_id = ? AND status = 'open' GROUP BY severity")
                .execute(Tuple.of(tenantId)).map(rows -> {
                    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
                    for (Severity severity : Severity.values()) {
                        counts.put(severity, 0L);
                    }
                    rows.forEach(row -> counts.put(Severity.valueOf(row.getString(0)), row.getLong(1)));
                    return counts;
                });
    }

    /** The first {@code limit} of the tenant's findings that {@code search} selects: most severe first, then by check and resource. */
    public Uni<List<StoredFinding>> list(long tenantId, Search search, int limit) {
        List<Object> params = new ArrayList<>(List.of(tenantId));
        StringBuilder where = new StringBuilder(" WHERE client_id = ?");
        for (Object[] condition : new Object[][] {{" AND status = ?", search.status()},
                {" AND severity = ?", search.severity() == null ? null : search.severity().name()},
                {" AND service = ?", search.service() == null ? null : search.service().id()}, {" AND check_id = ?", search.checkId()}}) {
            if (condition[1] != null) {
                where.append(condition[0]);
                params.add(condition[1]);
            }
        }
        params.add(limit);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM findings" + where + " ORDER BY severity, check_id, resource_id, region, id"
                        + " LIMIT ?").execute(Tuple.from(params)).map(this::findings);
    }

    /** The tenant's open findings counted per check. */
    public Uni<Map<String, Long>> openByCheck(long tenantId) {
        return pool.preparedQuery("SELECT check_id, COUNT(*) FROM findings WHERE client_id = ? AND status = 'open' GROUP BY check_id")
                .execute(Tuple.of(tenantId)).map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
                    return counts;
                });
    }

    /** The first {@code limit} findings of the tenant opened, and as many resolved, at {@code since} or later, oldest first. */
    public Uni<Changes> changes(long tenantId, Instant since, int limit) {
        Uni<List<StoredFinding>> opened = since("first_seen_at", tenantId, since, limit);
        Uni<List<StoredFinding>> resolved = since("resolved_at", tenantId, since, limit);
        return Uni.combine().all().unis(opened, resolved).asTuple().map(both -> new Changes(both.getItem1(), both.getItem2()));
    }

    private Uni<List<StoredFinding>> since(String column, long tenantId, Instant since, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM findings WHERE client_id = ? AND " + column + " >= ? ORDER BY "
                        + column + ", id LIMIT ?").execute(Tuple.of(tenantId, utc(since), limit)).map(this::findings);
    }

    /** The JSON object of the check's evidence columns, each under its API field name, flags as true or false. */
    private static String evidence(ResourceTable<?> table, FindingCheck check) {
        return "JSON_OBJECT(" + check.evidence().stream().map(name -> {
            Column<?> column = table.column(name);
            String value = column.kind() == Column.Kind.BOOLEAN ? "IF(" + name + " IS NULL, NULL, IF(" + name + ", TRUE, FALSE))" : name;
            return "'" + column.field() + "', " + value;
        }).collect(Collectors.joining(", ")) + ")";
    }

    private List<StoredFinding> findings(RowSet<Row> rows) {
        List<StoredFinding> findings = new ArrayList<>(rows.size());
        rows.forEach(row -> findings.add(finding(row)));
        return findings;
    }

    private StoredFinding finding(Row row) {
        Map<String, Object> evidence;
        try {
            evidence = json.readValue(row.getString("evidence"), EVIDENCE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("finding " + row.getLong("id") + " holds evidence that is not JSON", e);
        }
        return new StoredFinding(row.getLong("id"), row.getString("check_id"), ServiceType.fromId(row.getString("service")).orElseThrow(),
                row.getString("region"), row.getString("resource_id"), Severity.valueOf(row.getString("severity")),
                row.getString("status"), evidence, instant(row.getLocalDateTime("first_seen_at")), row.getLong("first_seen_scan_run_id"),
                instant(row.getLocalDateTime("last_seen_at")), row.getLong("last_seen_scan_run_id"),
                instant(row.getLocalDateTime("resolved_at")), row.getLong("resolved_scan_run_id"));
    }

    /** Which findings a listing selects; null: any. */
    public record Search(String status, Severity severity, ServiceType service, String checkId) {
    }

    /** A finding as the table holds it. */
    public record StoredFinding(long id, String checkId, ServiceType service, String region, String resourceId, Severity severity,
                                String status, Map<String, Object> evidence, Instant firstSeenAt, Long firstSeenScanRunId,
                                Instant lastSeenAt, Long lastSeenScanRunId, Instant resolvedAt, Long resolvedScanRunId) {
    }

    /** Findings opened and resolved since a time. */
    public record Changes(List<StoredFinding> opened, List<StoredFinding> resolved) {
    }
}
