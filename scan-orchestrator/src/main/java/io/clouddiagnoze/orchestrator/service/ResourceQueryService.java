package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ResourceStore;
import io.clouddiagnoze.orchestrator.repository.ResourceStore.Page;
import io.clouddiagnoze.orchestrator.repository.ResourceStore.Sighting;
import io.clouddiagnoze.orchestrator.repository.ScanProgressRepository;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.resources.Filter;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.orchestrator.rest.Paging;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Changed;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Diff;
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

    private final ScanRunRepository runs;
    private final ResourceStore store;
    private final ScanService scans;
    private final ScanProgressRepository progress;

    ResourceQueryService(ScanRunRepository runs, ResourceStore store, ScanService scans, ScanProgressRepository progress) {
        this.runs = runs;
        this.progress = progress;
        this.store = store;
        this.scans = scans;
    }

    public Uni<Page> scanResources(long tenantId, long scanRunId, Paging paging) {
        return scans.get(tenantId, scanRunId).flatMap(run -> store.page(table(run), tenantId, run.id, List.of(), List.of(),
                paging.page(), paging.size()));
    }

    /** The resources of the latest successful scan of {@code service}, filtered; an empty page before any scan. */
    public Uni<Inventory> inventory(long tenantId, ServiceType service, Map<String, String> filters, Paging paging) {
        ResourceTable<?> table = ResourceTables.of(service);
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filters.forEach((param, value) -> conditions.add(condition(table, param, value, params)));
        return progress.latestSuccessful(tenantId, service).flatMap(latest -> latest == null
                ? Uni.createFrom().item(new Inventory(null, null, new Page(List.of(), paging.page(), paging.size(), 0)))
                : store.page(table, tenantId, latest.id(), conditions, params, paging.page(), paging.size())
                        .map(page -> new Inventory(latest.id(), latest.scanTimestamp(), page)));
    }

    /** Every sighting of a resource, when it was first and last seen, and what changed between sightings. */
    public Uni<History> history(long tenantId, ServiceType service, String naturalId) {
        if (naturalId.length() > 255) {
            throw ProblemException.invalidField("naturalId", "is too long");
        }
        return store.sightings(ResourceTables.of(service), tenantId, naturalId).map(sightings -> {
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
        return scans.get(tenantId, scanRunId).flatMap(this::diff);
    }

    /** The diff of {@code run} against the previous successful scan of its service (everything added when none). */
    public Uni<Diff> diff(ScanRun run) {
        ResourceTable<?> table = table(run);
        return runs.previousSuccessful(run).flatMap(previous -> {
            Uni<Map<String, Map<String, Object>>> before = previous == null ? Uni.createFrom().item(Map.of())
                    : store.byNaturalId(table, run.tenantId, previous.id);
            return Uni.combine().all().unis(before, store.byNaturalId(table, run.tenantId, run.id)).asTuple()
                    .map(both -> compare(table, previous == null ? null : previous.id, both.getItem1(), both.getItem2()));
        });
    }

    /** The resources of a run the caller has already found as the tenant's, one by one: an export never holds them all. */
    public Multi<Map<String, Object>> stream(long tenantId, ScanRun run) {
        return store.stream(table(run), tenantId, run.id);
    }

    public ResourceTable<?> table(ScanRun run) {
        return ResourceTables.of(ServiceType.fromId(run.service).orElseThrow());
    }

    private static Diff compare(ResourceTable<?> table, Long previousId, Map<String, Map<String, Object>> before,
                                Map<String, Map<String, Object>> after) {
        List<Map<String, Object>> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        after.forEach((key, now) -> {
            Map<String, Object> then = before.get(key);
            if (then == null) {
                added.add(now);
            } else {
                var fields = ResourceChanges.between(then, now);
                if (!fields.isEmpty()) {
                    changed.add(new Changed(String.valueOf(now.get(table.naturalIdField())), String.valueOf(now.get("region")), fields));
                }
            }
        });
        List<Map<String, Object>> removed = before.entrySet().stream().filter(e -> !after.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new Diff(previousId, added, removed, changed);
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
