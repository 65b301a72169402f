package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.events.FieldChange;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** What differs between two scans' views of the same resources, field by field. */
public final class ResourceChanges {
    private ResourceChanges() {
    }

    /** The fields whose values differ between {@code before} and {@code after}, in the order of {@code after}. */
    public static List<FieldChange> between(Map<String, Object> before, Map<String, Object> after) {
        List<FieldChange> changes = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (var field : after.entrySet()) {
            seen.add(field.getKey());
            Object old = before.get(field.getKey());
            if (!same(old, field.getValue())) {
                changes.add(new FieldChange(field.getKey(), old, field.getValue()));
            }
        }
        before.keySet().stream().filter(field -> !seen.contains(field))
                .forEach(field -> changes.add(new FieldChange(field, before.get(field), null)));
        return changes;
    }

    /** Compares two field values; decimals by value, so 1.50 and 1.5 are the same size. */
    private static boolean same(Object a, Object b) {
        if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    /**
     * The diff of a scan against the one before it: how many resources were added, removed and changed, and the
     * first {@code listed} of each (a scan's export has every resource).
     */
    public record Diff(Long previousScanRunId, Totals totals, int listed, List<Map<String, Object>> added,
                       List<Map<String, Object>> removed, List<Changed> changed) {
    }

    public record Totals(long added, long removed, long changed) {
    }

    /** One difference: a resource added or removed (as it was seen), or changed (field by field, as it is now). */
    public record Change(ResourceChanged.Change kind, String resourceId, String region, Map<String, Object> resource,
                         List<FieldChange> fields) {

        /** The resource's tags as its view holds them (the tags column read back as JSON: keys and values are text). */
        @SuppressWarnings("unchecked")
        public Map<String, String> tags() {
            return (Map<String, String>) resource.getOrDefault("tags", Map.of());
        }
    }

    /** A resource present in both scans whose fields differ. */
    public record Changed(String resourceId, String region, List<FieldChange> fields) {
    }
}
