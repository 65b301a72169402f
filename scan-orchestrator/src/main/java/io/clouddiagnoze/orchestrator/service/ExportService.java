package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.service.limits.LongReads;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** A scan's resources, one by one, for a CSV or JSON export. */
@ApplicationScoped
public class ExportService {
    private final ResourceRepository resources;
    private final ScanService scans;
    private final LongReads longReads;

    ExportService(ResourceRepository resources, ScanService scans, LongReads longReads) {
        this.resources = resources;
        this.scans = scans;
        this.longReads = longReads;
    }

    /**
     * An export of one of the tenant's scans: the run, found first (another tenant's is a 404 before any byte is sent),
     * and its resources one by one, never all held. It is a long read of the tenant from the moment it is asked for
     * until its last resource is sent, refused (429) while the tenant has its share of them running.
     */
    public Uni<Export> export(long tenantId, long scanRunId) {
        return Uni.createFrom().deferred(() -> {
            LongReads.Permit permit = longReads.start(tenantId);
            return scans.online(tenantId, scanRunId).onFailure().invoke(permit::close).map(run -> {
                ResourceTable<?> table = ResourceTables.of(run.service());
                return new Export(run, table, resources.stream(table, tenantId, run.id()).onFailure().transform(longReads::timedOut)
                        .onTermination().invoke(permit::close));
            });
        });
    }

    /** A scan's export: the run, its table, and its resources as they are read. */
    public record Export(ScanRun run, ResourceTable<?> table, Multi<Map<String, Object>> resources) {
    }
}
