package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.orchestrator.repository.FindingRepository;
import io.clouddiagnoze.orchestrator.repository.FindingRepository.Search;
import io.clouddiagnoze.orchestrator.repository.FindingRepository.StoredFinding;
import io.clouddiagnoze.orchestrator.resources.FindingCheck;
import io.clouddiagnoze.orchestrator.resources.FindingCheck.Severity;
import io.clouddiagnoze.service.limits.LongReads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's security findings as scans recorded them (open, resolved), read from the findings table: the open ones
 * counted per severity, the first {@link #LISTED} of a selection listed most severe first, the open ones per check, and
 * what opened and resolved since a time.
 */
@ApplicationScoped
public class FindingService {
    /** How many findings an answer lists at most. */
    static final int LISTED = 1000;

    private final FindingRepository findings;
    private final LongReads longReads;

    FindingService(FindingRepository findings, LongReads longReads) {
        this.findings = findings;
        this.longReads = longReads;
    }

    public Uni<Findings> findings(long tenantId, Search search) {
        return longReads.run(tenantId, () -> Uni.combine().all()
                .unis(findings.openBySeverity(tenantId), findings.list(tenantId, search, LISTED)).asTuple()
                .map(both -> new Findings(both.getItem1(), both.getItem2().stream().map(FindingService::view).toList(), LISTED)));
    }

    /** Every check with the number of the tenant's resources failing it now, most severe first. */
    public Uni<List<CheckSummary>> summary(long tenantId) {
        return findings.openByCheck(tenantId).map(open -> FindingCheck.ALL.stream()
                .sorted((a, b) -> a.severity().compareTo(b.severity()))
                .map(check -> new CheckSummary(check.id(), check.title(), check.severity(), check.service().id(),
                        open.getOrDefault(check.id(), 0L)))
                .toList());
    }

    public Uni<Changes> changes(long tenantId, Instant since) {
        return findings.changes(tenantId, since, LISTED).map(changes -> new Changes(since,
                changes.opened().stream().map(FindingService::view).toList(),
                changes.resolved().stream().map(FindingService::view).toList()));
    }

    private static Finding view(StoredFinding stored) {
        FindingCheck check = FindingCheck.byId(stored.checkId()).orElseThrow(() ->
                new IllegalStateException("finding " + stored.id() + " names no check known: " + stored.checkId()));
        return new Finding(stored.id(), check.id(), stored.severity(), check.title(), stored.service().id(), stored.resourceId(),
                stored.region(), stored.status(), stored.firstSeenAt(), stored.firstSeenScanRunId(), stored.lastSeenAt(),
                stored.lastSeenScanRunId(), stored.resolvedAt(), stored.resolvedScanRunId(), check.remediation(), stored.evidence());
    }

    /** One resource failing one check, from the scan that first saw it to the one that resolved it (if one has). */
    public record Finding(long id, String checkId, Severity severity, String title, String service, String resourceId,
                          String region, String status, Instant firstSeenAt, Long firstSeenScanRunId, Instant lastSeenAt,
                          Long lastSeenScanRunId, Instant resolvedAt, Long resolvedScanRunId, String remediation,
                          Map<String, Object> evidence) {
    }

    /** How many findings are open per severity, and the first {@code listed} of those selected, most severe first. */
    public record Findings(Map<Severity, Long> countBySeverity, List<Finding> findings, int listed) {
    }

    /** A check and how many of the tenant's resources fail it now. */
    public record CheckSummary(String checkId, String title, Severity severity, String service, long open) {
    }

    /** What opened and what resolved at {@code since} or later, the first {@link #LISTED} of each, oldest first. */
    public record Changes(Instant since, List<Finding> opened, List<Finding> resolved) {
    }
}
