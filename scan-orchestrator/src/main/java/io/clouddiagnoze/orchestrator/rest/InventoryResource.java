package io.clouddiagnoze.orchestrator.rest;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.orchestrator.service.HistoryService;
import io.clouddiagnoze.orchestrator.service.HistoryService.History;
import io.clouddiagnoze.orchestrator.service.InventoryService;
import io.clouddiagnoze.orchestrator.service.InventoryService.Inventory;
import io.clouddiagnoze.service.problem.ProblemException;
import io.clouddiagnoze.service.security.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** What a tenant runs now (its latest scans), and each resource's history. */
@Path("/api")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
public class InventoryResource {
    private final InventoryService inventory;
    private final HistoryService history;
    private final CurrentTenant tenant;

    InventoryResource(InventoryService inventory, HistoryService history, CurrentTenant tenant) {
        this.inventory = inventory;
        this.history = history;
        this.tenant = tenant;
    }

    /**
     * The resources of the latest successful scan of a service. Filters: {@code region}, {@code tag:KEY=VALUE}
     * (EC2, VPC), and per service those its schema names, e.g. {@code public}, {@code encrypted}, {@code versioned} for
     * S3. They are read from the query as a whole; the document declares them from the tables (InventoryParameters).
     */
    @GET
    @Path("/inventory/{service}")
    @Parameter(name = "region", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "page", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @Parameter(name = "size", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
    public Uni<Inventory> inventory(@PathParam("service") @Parameter(schema = @Schema(implementation = ServiceType.class)) String service,
                                    @Context UriInfo uri) {
        var query = uri.getQueryParameters();
        Paging paging = Paging.of(query.getFirst("page"), query.getFirst("size"));
        return inventory.inventory(tenant.id(), service(service), filters(query), paging.page(), paging.size());
    }

    /** The filters {@code GET /api/inventory/{service}} takes, with labels and values to offer. */
    @GET
    @Path("/inventory/{service}/schema")
    public InventorySchema schema(@PathParam("service") @Parameter(schema = @Schema(implementation = ServiceType.class)) String service) {
        return InventorySchema.of(ResourceTables.of(service(service)));
    }

    @GET
    @Path("/resources/{service}/{naturalId}/history")
    public Uni<History> history(@PathParam("service") @Parameter(schema = @Schema(implementation = ServiceType.class)) String service, @PathParam("naturalId") String naturalId) {
        return history.history(tenant.id(), service(service), naturalId);
    }

    /** Query parameters other than paging, in order, each given once. */
    private static Map<String, String> filters(MultivaluedMap<String, String> query) {
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

    static ServiceType service(String id) {
        return ServiceType.fromId(id).orElseThrow(() -> ProblemException.notFound("no service " + id + "; known: ec2, s3, vpc, rds"));
    }
}
