package io.clouddiagnoze.notification.rest;

import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.notification.model.Delivery;
import io.clouddiagnoze.notification.repository.DeliveryRepository;
import io.clouddiagnoze.service.problem.ProblemException;
import io.clouddiagnoze.service.security.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The tenant's delivery log: each alert to each channel, its status, attempts and last error. */
@Path("/api/alerts/deliveries")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {
    private static final List<String> STATUSES = List.of("pending", "delivered", "failed");
    private static final int MAX_LIMIT = 500;

    private final DeliveryRepository deliveries;
    private final CurrentTenant tenant;

    DeliveryResource(DeliveryRepository deliveries, CurrentTenant tenant) {
        this.deliveries = deliveries;
        this.tenant = tenant;
    }

    /** The latest deliveries, newest first: of a status or a channel if asked, up to {@code limit} (100; at most 500). */
    @GET
    public Uni<List<Delivery>> list(
            @QueryParam("status") @Parameter(schema = @Schema(enumeration = {"pending", "delivered", "failed"})) String status,
            @QueryParam("channelId") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String channelId,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalidField("status", "must be pending, delivered or failed");
        }
        Long channel = channelId == null ? null : number("channelId", channelId, Long.MAX_VALUE);
        int size = limit == null ? 100 : (int) number("limit", limit, MAX_LIMIT);
        return deliveries.list(tenant.id(), status, channel, size);
    }

    private static long number(String field, String value, long max) {
        try {
            long number = Long.parseLong(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ProblemException.invalidField(field, "must be a whole number from 1 to " + max);
    }
}
