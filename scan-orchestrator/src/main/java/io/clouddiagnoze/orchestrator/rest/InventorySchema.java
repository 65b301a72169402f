package io.clouddiagnoze.orchestrator.rest;

import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import java.util.List;

/**
 * The filters a service's inventory takes, for a client to offer them: each by its query parameter, with a label and
 * the values to choose from (empty: any text). {@code region} and {@code tag:KEY} are always taken; {@code tags} says
 * so (it was false for buckets and databases before their tags were collected).
 */
public record InventorySchema(String service, List<FilterView> filters, boolean tags) {

    public record FilterView(String name, String label, List<String> values) {
    }

    static InventorySchema of(ResourceTable<?> table) {
        return new InventorySchema(table.service().id(),
                table.filters().stream().map(f -> new FilterView(f.param(), f.label(), f.values())).toList(), true);
    }
}
