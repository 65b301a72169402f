package io.clouddiagnoze.notification.rest;

import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.notification.model.Rule;
import io.clouddiagnoze.notification.service.RuleService;
import io.clouddiagnoze.service.security.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** The tenant's alert rules: which events go to which of its channels. */
@Path("/api/alerts/rules")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {
    private final RuleService rules;
    private final CurrentTenant tenant;

    RuleResource(RuleService rules, CurrentTenant tenant) {
        this.rules = rules;
        this.tenant = tenant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(RuleRequest request) {
        Rule rule = ChannelResource.present(request).validated();
        return rules.create(tenant.id(), rule)
                .map(created -> Response.created(URI.create("/api/alerts/rules/" + created.id())).entity(created).build());
    }

    @GET
    public Uni<List<Rule>> list() {
        return rules.list(tenant.id());
    }

    @GET
    @Path("{id}")
    public Uni<Rule> get(@PathParam("id") long id) {
        return rules.find(tenant.id(), id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Rule> update(@PathParam("id") long id, RuleRequest request) {
        return rules.update(tenant.id(), id, ChannelResource.present(request).validated());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") long id) {
        return rules.delete(tenant.id(), id).replaceWith(Response.noContent().build());
    }
}
