package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository.Page;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a tenant runs now, as its latest successful scan of each service found it, and the resources of one scan. */
@ApplicationScoped
public class InventoryService {
    private final ScanRunRepository runs;
    private final ResourceRepository resources;
    private final ScanService scans;

    InventoryService(ScanRunRepository runs, ResourceRepository resources, ScanService scans) {
        this.runs = runs;
        this.resources = resources;
        this.scans = scans;
    }

    /** A page of the resources of one of the tenant's scans. */
    public Uni<Page> scanResources(long tenantId, long scanRunId, int page, int size) {
        return scans.online(tenantId, scanRunId).flatMap(run -> resources.page(ResourceTables.of(run.service()), tenantId, run.id(),
                List.of(), List.of(), page, size));
    }

    /** The resources of the latest successful scan of {@code service}, filtered; an empty page before any scan. */
    public Uni<Inventory> inventory(long tenantId, ServiceType service, Map<String, String> filters, int page, int size) {
        ResourceTable<?> table = ResourceTables.of(service);
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters.forEach((param, value) -> conditions.add(table.condition(param, value, params)));
        return runs.latestSuccessful(tenantId, service).flatMap(latest -> latest == null
                ? Uni.createFrom().item(new Inventory(null, null, new Page(List.of(), page, size, 0)))
                : resources.page(table, tenantId, latest.id(), conditions, params, page, size)
                        .map(found -> new Inventory(latest.id(), latest.scanTimestamp(), found)));
    }

    /** The inventory: from which scan, and a page of its resources. */
    public record Inventory(Long scanRunId, Instant scanTimestamp, Page resources) {
    }
}
