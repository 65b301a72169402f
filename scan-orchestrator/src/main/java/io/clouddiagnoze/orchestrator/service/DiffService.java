package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Change;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Changed;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Diff;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Totals;
import io.clouddiagnoze.service.limits.LongReads;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a scan found added, removed and changed since the previous successful scan of its service: for the API's diff,
 * and for the change relay, which publishes every change.
 */
@ApplicationScoped
public class DiffService {
    /** How many resources of each kind a diff lists. */
    static final int DIFF_LISTED = 500;

    private final ScanRunRepository runs;
    private final ResourceRepository resources;
    private final ScanService scans;
    private final LongReads longReads;

    DiffService(ScanRunRepository runs, ResourceRepository resources, ScanService scans, LongReads longReads) {
        this.runs = runs;
        this.resources = resources;
        this.scans = scans;
        this.longReads = longReads;
    }

    /** The diff of one of the tenant's scans, a long read of the tenant. */
    public Uni<Diff> diff(long tenantId, long scanRunId) {
        return longReads.run(tenantId, () -> scans.online(tenantId, scanRunId).map(ScanRun::ref).flatMap(this::diff));
    }

    /**
     * The diff of {@code run} against the previous successful scan of its service (everything added when none),
     * counted in full and listed up to {@link #DIFF_LISTED} of each kind: a scan of 100,000 instances is walked from
     * cursors, never held.
     */
    private Uni<Diff> diff(ScanRun.Ref run) {
        return previous(run).flatMap(previous -> changes(run, previous).collect()
                .in(() -> new DiffCollector(previous), DiffCollector::add).map(DiffCollector::diff));
    }

    /** The previous successful scan of {@code run}'s service, or null for none. */
    public Uni<Long> previous(ScanRun.Ref run) {
        return runs.previousSuccessful(run);
    }

    /**
     * Every difference between {@code run} and the scan {@code previous} (null: everything is added), one by one: the
     * database finds what one scan has and the other lacks, and the rows whose columns differ; only the fields of
     * those are compared here.
     */
    public Multi<Change> changes(ScanRun.Ref run, Long previous) {
        ResourceTable<?> table = ResourceTables.of(run.service());
        if (previous == null) {
            return resources.stream(table, run.tenantId(), run.id()).map(resource -> seen(table, ResourceChanged.Change.ADDED, resource));
        }
        return Multi.createBy().concatenating().streams(
                resources.onlyIn(table, run.tenantId(), run.id(), previous).map(resource -> seen(table, ResourceChanged.Change.ADDED, resource)),
                resources.onlyIn(table, run.tenantId(), previous, run.id()).map(resource -> seen(table, ResourceChanged.Change.REMOVED, resource)),
                resources.differing(table, run.tenantId(), previous, run.id()).map(pair -> {
                    Map<String, Object> now = pair.getValue();
                    return new Change(ResourceChanged.Change.CHANGED, String.valueOf(now.get(table.naturalIdField())),
                            String.valueOf(now.get("region")), now, ResourceChanges.between(pair.getKey(), now));
                }).select().where(change -> !change.fields().isEmpty()));
    }

    private static Change seen(ResourceTable<?> table, ResourceChanged.Change kind, Map<String, Object> resource) {
        return new Change(kind, String.valueOf(resource.get(table.naturalIdField())), String.valueOf(resource.get("region")), resource,
                List.of());
    }

    /** Counts every change and keeps the first {@link #DIFF_LISTED} of each kind. */
    private static final class DiffCollector {
        private final Long previous;
        private final List<Map<String, Object>> added = new ArrayList<>();
        private final List<Map<String, Object>> removed = new ArrayList<>();
        private final List<Changed> changed = new ArrayList<>();
        private long addedTotal;
        private long removedTotal;
        private long changedTotal;

        DiffCollector(Long previous) {
            this.previous = previous;
        }

        void add(Change change) {
            switch (change.kind()) {
                case ADDED -> addedTotal = keep(added, change.resource(), addedTotal);
                case REMOVED -> removedTotal = keep(removed, change.resource(), removedTotal);
                case CHANGED -> changedTotal = keep(changed, new Changed(change.resourceId(), change.region(), change.fields()), changedTotal);
            }
        }

        private static <T> long keep(List<T> listed, T item, long total) {
            if (listed.size() < DIFF_LISTED) {
                listed.add(item);
            }
            return total + 1;
        }

        Diff diff() {
            return new Diff(previous, new Totals(addedTotal, removedTotal, changedTotal), DIFF_LISTED, added, removed, changed);
        }
    }
}
