package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository.Page;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository.Sighting;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.resources.Filter;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.orchestrator.rest.Paging;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Change;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Changed;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Diff;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Totals;
import io.clouddiagnoze.service.limits.LongReads;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What a tenant's scans found: a scan's resources, the inventory, a resource's history, diffs and exports. */
@ApplicationScoped
public class ResourceQueryService {
    private static final Pattern TAG_KEY = Pattern.compile("[\\w .:/=+\\-@]{1,128}");
    /** How many resources of each kind a diff lists. */
    static final int DIFF_LISTED = 500;

    private final ScanRunRepository runs;
    private final ResourceRepository resources;
    private final ScanService scans;
    private final LongReads longReads;

    ResourceQueryService(ScanRunRepository runs, ResourceRepository resources, ScanService scans, LongReads longReads) {
        this.runs = runs;
        this.resources = resources;
        this.scans = scans;
        this.longReads = longReads;
    }

    public Uni<Page> scanResources(long tenantId, long scanRunId, Paging paging) {
        return scans.get(tenantId, scanRunId).flatMap(run -> resources.page(table(run.ref()), tenantId, run.id(), List.of(), List.of(),
                paging.page(), paging.size()));
    }

    /** The resources of the latest successful scan of {@code service}, filtered; an empty page before any scan. */
    public Uni<Inventory> inventory(long tenantId, ServiceType service, Map<String, String> filters, Paging paging) {
        ResourceTable<?> table = ResourceTables.of(service);
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters.forEach((param, value) -> conditions.add(condition(table, param, value, params)));
        return runs.latestSuccessful(tenantId, service).flatMap(latest -> latest == null
                ? Uni.createFrom().item(new Inventory(null, null, new Page(List.of(), paging.page(), paging.size(), 0)))
                : resources.page(table, tenantId, latest.id(), conditions, params, paging.page(), paging.size())
                        .map(page -> new Inventory(latest.id(), latest.scanTimestamp(), page)));
    }

    /** Every sighting of a resource, when it was first and last seen, and what changed between sightings. */
    public Uni<History> history(long tenantId, ServiceType service, String naturalId) {
        if (naturalId.length() > 255) {
            throw ProblemException.invalidField("naturalId", "is too long");
        }
        return longReads.run(tenantId, () -> resources.sightings(ResourceTables.of(service), tenantId, naturalId)).map(sightings -> {
            if (sightings.isEmpty()) {
                throw ProblemException.notFound("no " + service.id() + " resource " + naturalId + " was ever seen");
            }
            List<HistoryChange> changes = new ArrayList<>();
            for (int i = 1; i < sightings.size(); i++) {
                var fields = ResourceChanges.between(sightings.get(i - 1).resource(), sightings.get(i).resource());
                if (!fields.isEmpty()) {
                    changes.add(new HistoryChange(sightings.get(i).scanRunId(), sightings.get(i).scanTimestamp(), fields));
                }
            }
            return new History(service.id(), naturalId, sightings.get(0).scanTimestamp(),
                    sightings.get(sightings.size() - 1).scanTimestamp(), sightings.size(),
                    sightings.stream().map(s -> new SightingView(s.scanRunId(), s.scanTimestamp(),
                            String.valueOf(s.resource().get("region")))).toList(),
                    changes, sightings.get(sightings.size() - 1).resource());
        });
    }

    /** The scan's resources added, removed and changed since the previous successful scan of the service. */
    public Uni<Diff> diff(long tenantId, long scanRunId) {
        return longReads.run(tenantId, () -> scans.get(tenantId, scanRunId).map(ScanRun::ref).flatMap(this::diff));
    }

    /**
     * The diff of {@code run} against the previous successful scan of its service (everything added when none),
     * counted in full and listed up to {@link #DIFF_LISTED} of each kind: a scan of 100,000 instances is walked from
     * cursors, never held.
     */
    public Uni<Diff> diff(ScanRun.Ref run) {
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
        ResourceTable<?> table = table(run);
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

    /**
     * An export of one of the tenant's scans: the run, found first (another tenant's is a 404 before any byte is sent),
     * and its resources one by one, never all held. It is a long read of the tenant from the moment it is asked for
     * until its last resource is sent, refused (429) while the tenant has its share of them running.
     */
    public Uni<Export> export(long tenantId, long scanRunId) {
        return Uni.createFrom().deferred(() -> {
            LongReads.Permit permit = longReads.start(tenantId);
            return scans.get(tenantId, scanRunId).onFailure().invoke(permit::close).map(run -> new Export(run, table(run.ref()),
                    resources.stream(table(run.ref()), tenantId, run.id()).onFailure().transform(longReads::timedOut)
                            .onTermination().invoke(permit::close)));
        });
    }

    public ResourceTable<?> table(ScanRun.Ref run) {
        return ResourceTables.of(run.service());
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

    private static String condition(ResourceTable<?> table, String param, String value, List<Object> params) {
        if (param.equals("region")) {
            return Filter.equalTo("region", "region").condition(value, params);
        }
        if (param.startsWith("tag:")) {
            String key = param.substring(4);
            if (!table.hasTags()) {
                throw ProblemException.invalidField(param, table.service().id() + " resources carry no tags");
            }
            if (!TAG_KEY.matcher(key).matches()) {
                throw ProblemException.invalidField(param, "is not a tag key");
            }
            params.add("$.\"" + key.replace("\"", "") + "\"");
            params.add(value);
            return "JSON_VALUE(tags, ?) = ?";
        }
        return table.filter(param).orElseThrow(() -> ProblemException.invalidField(param,
                "is not a filter of " + table.service().id() + "; filters: region, "
                        + (table.hasTags() ? "tag:KEY, " : "")
                        + String.join(", ", table.filters().stream().map(Filter::param).toList())))
                .condition(value, params);
    }

    /** A scan's export: the run, its table, and its resources as they are read. */
    public record Export(ScanRun run, ResourceTable<?> table, Multi<Map<String, Object>> resources) {
    }

    /** The inventory: from which scan, and a page of its resources. */
    public record Inventory(Long scanRunId, Instant scanTimestamp, Page resources) {
    }

    public record History(String service, String resourceId, Instant firstSeen, Instant lastSeen, int sightingCount,
                          List<SightingView> sightings, List<HistoryChange> changes, Map<String, Object> latest) {
    }

    public record SightingView(long scanRunId, Instant scanTimestamp, String region) {
    }

    public record HistoryChange(long scanRunId, Instant scanTimestamp, List<io.clouddiagnoze.contracts.events.FieldChange> fields) {
    }

    /** Query parameters other than paging, in order. */
    public static Map<String, String> filters(jakarta.ws.rs.core.MultivaluedMap<String, String> query) {
        Map<String, String> filters = new LinkedHashMap<>();
        query.forEach((param, values) -> {
            if (!param.equals("page") && !param.equals("size")) {
                if (values.size() != 1) {
                    throw ProblemException.invalidField(param, "give it once");
                }
                filters.put(param, values.get(0));
            }
        });
        return filters;
    }
}
