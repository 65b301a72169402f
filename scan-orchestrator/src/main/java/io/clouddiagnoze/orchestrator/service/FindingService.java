package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.service.limits.LongReads;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The security findings of a tenant's latest successful scan of each service: the database lists the first
 * {@link #LISTED} resources failing each check (and counts them all when there are more), and the answer lists the
 * first {@link #LISTED} of all, most severe first.
 */
@ApplicationScoped
public class FindingService {
    /** How many findings an answer lists at most. */
    static final int LISTED = 1000;
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity).thenComparing(Finding::checkId)
            .thenComparing(Finding::resourceId);

    private final ScanRunRepository runs;
    private final ResourceRepository resources;
    private final LongReads longReads;

    FindingService(ScanRunRepository runs, ResourceRepository resources, LongReads longReads) {
        this.runs = runs;
        this.resources = resources;
        this.longReads = longReads;
    }

    public Uni<Findings> findings(long tenantId) {
        return longReads.run(tenantId, () -> Multi.createFrom().items(ServiceType.values())
                .onItem().transformToUniAndConcatenate(service -> runs.latestSuccessful(tenantId, service)
                        .flatMap(latest -> latest == null ? Uni.createFrom().item(List.<Failing>of())
                                : check(tenantId, service, latest.id(), latest.scanTimestamp())))
                .collect().asList().map(FindingService::summed));
    }

    /** Each check of {@code service} over one scan: how many resources fail it, and the first {@link #LISTED} of them. */
    private Uni<List<Failing>> check(long tenantId, ServiceType service, long scanRunId, Instant scannedAt) {
        ResourceTable<?> table = ResourceTables.of(service);
        List<Uni<Failing>> checks = FindingCheck.ALL.stream().filter(c -> c.service() == service)
                .map(c -> resources.firstMatching(table, tenantId, scanRunId, c.condition(), LISTED).flatMap(first -> {
                    List<Finding> findings = first.stream().map(r -> new Finding(c.id(), c.severity(), c.title(), service.id(),
                            String.valueOf(r.get(table.naturalIdField())), String.valueOf(r.get("region")), scanRunId, scannedAt,
                            c.remediation())).toList();
                    // Fewer than the limit are all there are; only a full list needs counting.
                    Uni<Long> count = findings.size() < LISTED ? Uni.createFrom().item((long) findings.size())
                            : resources.countMatching(table, tenantId, scanRunId, c.condition());
                    return count.map(total -> new Failing(c.severity(), total, findings));
                }))
                .toList();
        return Uni.join().all(checks).andFailFast();
    }

    private static Findings summed(List<List<Failing>> checks) {
        Map<FindingCheck.Severity, Long> bySeverity = new EnumMap<>(FindingCheck.Severity.class);
        Arrays.stream(FindingCheck.Severity.values()).forEach(s -> bySeverity.put(s, 0L));
        List<Finding> listed = new ArrayList<>();
        for (Failing check : checks.stream().flatMap(List::stream).toList()) {
            bySeverity.merge(check.severity(), check.count(), Long::sum);
            listed.addAll(check.first());
        }
        return new Findings(bySeverity, listed.stream().sorted(ORDER).limit(LISTED).toList(), LISTED);
    }

    /** One check's failing resources: how many, and the first {@link #LISTED}. */
    private record Failing(FindingCheck.Severity severity, long count, List<Finding> first) {
    }

    /** One resource failing one check. */
    public record Finding(String checkId, FindingCheck.Severity severity, String title, String service, String resourceId,
                          String region, long scanRunId, Instant scannedAt, String remediation) {
    }

    /** How many findings there are of each severity, and the first {@code listed} of them, most severe first. */
    public record Findings(Map<FindingCheck.Severity, Long> countBySeverity, List<Finding> findings, int listed) {
    }
}
