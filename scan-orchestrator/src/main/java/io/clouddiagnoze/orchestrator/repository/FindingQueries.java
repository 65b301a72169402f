package io.clouddiagnoze.orchestrator.repository;

import static io.clouddiagnoze.orchestrator.repository.FindingRows.COLUMNS;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.utc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.StoredFinding;
import io.clouddiagnoze.orchestrator.resources.FindingCheck.Severity;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API reads of {@code findings}, each answer by an index that starts with the tenant: the open ones counted
 * per severity, a page of a selection, counts per check and status, what opened and resolved since a time, and how many
 * resources a set of checks finds failing, where {@link ReadReplica} sends them. {@link FindingRepository} writes the table.
 */
@ApplicationScoped
public class FindingQueries {
    private final ReadReplica replica;
    private final FindingRows rows;

    FindingQueries(ReadReplica replica, ObjectMapper json) {
        this.replica = replica;
        this.rows = new FindingRows(json);
    }

    /** How many of the tenant's findings are open, per severity. */
    public Uni<Map<Severity, Long>> openBySeverity(long tenantId) {
        return replica.query("SELECT severity, COUNT(*) FROM findings WHERE client_id = ? AND status = 'open' GROUP BY severity",
                Tuple.of(tenantId)).map(found -> {
                    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
                    Arrays.stream(Severity.values()).forEach(severity -> counts.put(severity, 0L));
                    found.forEach(row -> counts.put(Severity.valueOf(row.getString(0)), row.getLong(1)));
                    return counts;
                });
    }

    /** One page of the tenant's findings that {@code search} selects, most severe first, then by check and resource. */
    public Uni<List<StoredFinding>> page(long tenantId, Search search, int page, int size) {
        if (search.selectsNone()) {
            return Uni.createFrom().item(List.of());
        }
        List<Object> params = new ArrayList<>(List.of(tenantId));
        String where = where(params, search);
        params.addAll(List.of(size, page * size));
        // One check's findings share its severity: ordered by resource alone, they come in the order of its index.
        String order = search.checkIds() != null && search.checkIds().size() == 1 ? "resource_id, region, id"
                : "severity, check_id, resource_id, region, id";
        return replica.query("SELECT " + COLUMNS + " FROM findings" + where + " ORDER BY " + order + " LIMIT ? OFFSET ?",
                Tuple.from(params)).map(rows::findings);
    }

    /** How many of the tenant's findings {@code search} selects. */
    public Uni<Long> count(long tenantId, Search search) {
        if (search.selectsNone()) {
            return Uni.createFrom().item(0L);
        }
        List<Object> params = new ArrayList<>(List.of(tenantId));
        return replica.query("SELECT COUNT(*) FROM findings" + where(params, search), Tuple.from(params))
                .map(counted -> counted.iterator().next().getLong(0));
    }

    /** The WHERE clause of {@code search}, its parameters added after the tenant's. */
    private static String where(List<Object> params, Search search) {
        return " WHERE client_id = ?" + Rows.given(params, new Object[] {" AND status = ?", search.status()},
                new Object[] {" AND severity = ?", search.severity() == null ? null : search.severity().name()},
                new Object[] {" AND service = ?", search.service() == null ? null : search.service().id()},
                new Object[] {" AND resource_id = ?", search.resourceId()}) + checks(params, search.checkIds());
    }

    /** The tenant's findings counted per check and status: check id → status → count. */
    public Uni<Map<String, Map<String, Long>>> countsByCheck(long tenantId) {
        return replica.query("SELECT check_id, status, COUNT(*) FROM findings WHERE client_id = ? GROUP BY check_id, status",
                Tuple.of(tenantId)).map(found -> {
                    Map<String, Map<String, Long>> counts = new HashMap<>();
                    found.forEach(row -> counts.computeIfAbsent(row.getString(0), check -> new HashMap<>()).put(row.getString(1), row.getLong(2)));
                    return counts;
                });
    }

    /**
     * The tenant's resources with a finding of one of {@code checkIds} that is not resolved, by resource id, each with the
     * checks it has open and muted: one row a resource, at most as many as the tenant has failing.
     */
    public Uni<List<FailingResource>> unresolvedByResource(long tenantId, List<String> checkIds) {
        List<Object> params = new ArrayList<>(List.of(tenantId));
        String inChecks = checks(params, checkIds);
        return replica.query("SELECT service, region, resource_id, GROUP_CONCAT(IF(status = 'open', check_id, NULL)) AS open_checks,"
                        + " GROUP_CONCAT(IF(status = 'muted', check_id, NULL)) AS muted_checks FROM findings"
                        + " WHERE client_id = ? AND status <> 'resolved'" + inChecks + " GROUP BY service, resource_id, region"
                        + " ORDER BY resource_id, region", Tuple.from(params))
                .map(found -> Rows.each(found, row -> new FailingResource(ServiceType.fromId(row.getString("service")).orElseThrow(),
                        row.getString("resource_id"), row.getString("region"), names(row.getString("open_checks")),
                        names(row.getString("muted_checks")))));
    }

    private static Set<String> names(String commaSeparated) {
        return commaSeparated == null ? Set.of() : Set.of(commaSeparated.split(","));
    }

    /**
     * The first {@code limit} findings of the tenant opened, and as many resolved, at {@code since} or later, oldest first;
     * and how many there are of each.
     */
    public Uni<Changes> changes(long tenantId, Instant since, int limit) {
        return Uni.combine().all().unis(since("first_seen_at", tenantId, since, limit), count("first_seen_at", tenantId, since),
                        since("resolved_at", tenantId, since, limit), count("resolved_at", tenantId, since)).asTuple()
                .map(all -> new Changes(all.getItem1(), all.getItem2(), all.getItem3(), all.getItem4()));
    }

    private Uni<List<StoredFinding>> since(String column, long tenantId, Instant since, int limit) {
        return replica.query("SELECT " + COLUMNS + " FROM findings WHERE client_id = ? AND " + column + " >= ? ORDER BY "
                        + column + ", id LIMIT ?", Tuple.of(tenantId, utc(since), limit)).map(rows::findings);
    }

    private Uni<Long> count(String column, long tenantId, Instant since) {
        return replica.query("SELECT COUNT(*) FROM findings WHERE client_id = ? AND " + column + " >= ?",
                Tuple.of(tenantId, utc(since))).map(counted -> counted.iterator().next().getLong(0));
    }

    /** {@code AND check_id IN (…)} with its parameters added, or nothing when {@code checkIds} is null (any check). */
    private static String checks(List<Object> params, List<String> checkIds) {
        if (checkIds == null) {
            return "";
        }
        params.addAll(checkIds);
        return " AND check_id IN (" + Rows.marks(checkIds.size()) + ")";
    }

    /** Which findings a listing selects; null: any (an empty {@code checkIds}: none). */
    public record Search(String status, Severity severity, ServiceType service, List<String> checkIds, String resourceId) {
        boolean selectsNone() {
            return checkIds != null && checkIds.isEmpty();
        }

        /** Whether it selects open findings, of at most a severity: those the open counts per severity count. */
        public boolean countedByOpen() {
            return "open".equals(status) && service == null && checkIds == null && resourceId == null;
        }

        /** How many it selects, when {@link #countedByOpen}, read off the open findings' counts per severity. */
        public long amongOpen(Map<Severity, Long> openBySeverity) {
            return severity == null ? openBySeverity.values().stream().mapToLong(Long::longValue).sum()
                    : openBySeverity.getOrDefault(severity, 0L);
        }
    }

    /** A resource with findings not resolved: the checks it has open, and those it has muted. */
    public record FailingResource(ServiceType service, String resourceId, String region, Set<String> openChecks, Set<String> mutedChecks) {
    }

    /** Findings opened and resolved since a time: the first of each, and how many in all. */
    public record Changes(List<StoredFinding> opened, long openedTotal, List<StoredFinding> resolved, long resolvedTotal) {
    }
}
