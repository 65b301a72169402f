package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.repository.ResourceStore;
import io.clouddiagnoze.orchestrator.repository.ScanProgressRepository;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The security findings of a tenant's latest successful scan of each service. */
@ApplicationScoped
public class FindingService {
    private final ScanProgressRepository progress;
    private final ResourceStore store;

    FindingService(ScanProgressRepository progress, ResourceStore store) {
        this.progress = progress;
        this.store = store;
    }

    public Uni<Findings> findings(long tenantId) {
        return Multi.createFrom().items(ServiceType.values())
                .onItem().transformToUniAndConcatenate(service -> progress.latestSuccessful(tenantId, service)
                        .flatMap(latest -> latest == null ? Uni.createFrom().item(List.<Finding>of())
                                : check(tenantId, service, latest.id(), latest.scanTimestamp())))
                .collect().asList().map(lists -> {
            List<Finding> all = lists.stream().flatMap(List::stream)
                    .sorted(Comparator.comparing(Finding::severity).thenComparing(Finding::checkId).thenComparing(Finding::resourceId))
                    .toList();
            Map<FindingCheck.Severity, Long> bySeverity = new EnumMap<>(FindingCheck.Severity.class);
            Arrays.stream(FindingCheck.Severity.values()).forEach(s -> bySeverity.put(s, 0L));
            all.forEach(f -> bySeverity.merge(f.severity(), 1L, Long::sum));
            return new Findings(bySeverity, all);
        });
    }

    private Uni<List<Finding>> check(long tenantId, ServiceType service, long scanRunId, Instant scannedAt) {
        ResourceTable<?> table = ResourceTables.of(service);
        List<Uni<List<Finding>>> checks = FindingCheck.ALL.stream().filter(c -> c.service() == service)
                .map(c -> store.matching(table, tenantId, scanRunId, c.condition()).map(resources -> resources.stream()
                        .filter(c.predicate())
                        .map(r -> new Finding(c.id(), c.severity(), c.title(), service.id(),
                                String.valueOf(r.get(table.naturalIdField())), String.valueOf(r.get("region")), scanRunId,
                                scannedAt, c.remediation()))
                        .toList()))
                .toList();
        return Uni.join().all(checks).andFailFast().map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    /** One resource failing one check. */
    public record Finding(String checkId, FindingCheck.Severity severity, String title, String service, String resourceId,
                          String region, long scanRunId, Instant scannedAt, String remediation) {
    }

    /** Every finding, and how many there are of each severity. */
    public record Findings(Map<FindingCheck.Severity, Long> countBySeverity, List<Finding> findings) {
    }
}
