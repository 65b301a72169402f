package io.clouddiagnoze.orchestrator.rest;

import io.clouddiagnoze.orchestrator.resources.Filter;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Declares the inventory's filters in the OpenAPI document from the tables' own metadata (mp.openapi.filter): the
 * endpoint reads them from the query as a whole, so no annotation can, and a filter added to a table is documented
 * with it.
 */
public class InventoryParameters implements OASFilter {
    static final String INVENTORY = "/api/inventory/{service}";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        PathItem path = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItem(INVENTORY);
        Operation get = path == null ? null : path.getGET();
        if (get == null) {
            return;
        }
        Map<String, Filter> filters = new LinkedHashMap<>();
        Map<String, List<String>> services = new LinkedHashMap<>();
        for (ResourceTable<?> table : ResourceTables.all()) {
            for (Filter filter : table.filters()) {
                filters.putIfAbsent(filter.param(), filter);
                services.computeIfAbsent(filter.param(), param -> new ArrayList<>()).add(table.service().id());
            }
        }
        filters.forEach((param, filter) -> get.addParameter(OASFactory.createParameter().name(param).in(Parameter.In.QUERY)
                .description(filter.label() + " (" + String.join(", ", services.get(param)) + ")")
                .schema(filter.yesOrNo() ? OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN)
                        : OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
    }
}
