package io.clouddiagnoze.notification.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.notification.model.Channel;
import io.clouddiagnoze.notification.model.ChannelType;
import io.clouddiagnoze.notification.service.ChannelService;
import io.clouddiagnoze.service.problem.ProblemException;
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
import java.time.Instant;
import java.util.List;

/** The tenant's alert channels: webhooks, Slack incoming webhooks and email. */
@Path("/api/alerts/channels")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {
    private final ChannelService channels;
    private final CurrentTenant tenant;

    ChannelResource(ChannelService channels, CurrentTenant tenant) {
        this.channels = channels;
        this.tenant = tenant;
    }

    /** A channel as the API shows it: never its secret, and of a Slack webhook's URL (its credential) only the host. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChannelView(long id, ChannelType type, String name, String url, List<String> addresses, Instant pausedAt,
                              String pausedReason, Instant createdAt) {
        static ChannelView of(Channel channel) {
            String url = channel.type() == ChannelType.SLACK ? URI.create(channel.url()).resolve("/").toString() + "…" : channel.url();
            return new ChannelView(channel.id(), channel.type(), channel.name(), url,
                    channel.addresses().isEmpty() ? null : channel.addresses(), channel.pausedAt(), channel.pausedReason(),
                    channel.createdAt());
        }
    }

    /** The answer that creates a channel: the only one with a webhook's signing secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreatedChannel(long id, ChannelType type, String name, String secret) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ChannelRequest request) {
        ChannelType type = present(request).validated();
        return channels.create(tenant.id(), type, request.name(), request.url(), request.recipients())
                .map(channel -> Response.created(URI.create("/api/alerts/channels/" + channel.id()))
                        .entity(new CreatedChannel(channel.id(), channel.type(), channel.name(), channel.secret())).build());
    }

    @GET
    public Uni<List<ChannelView>> list() {
        return channels.list(tenant.id()).map(all -> all.stream().map(ChannelView::of).toList());
    }

    @GET
    @Path("{id}")
    public Uni<ChannelView> get(@PathParam("id") long id) {
        return channels.find(tenant.id(), id).map(ChannelView::of);
    }

    /** Saves the channel's name and destination; saving a paused channel resumes it. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ChannelView> update(@PathParam("id") long id, ChannelRequest request) {
        ChannelType type = present(request).validated();
        return channels.update(tenant.id(), id, type, request.name(), request.url(), request.recipients()).map(ChannelView::of);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") long id) {
        return channels.delete(tenant.id(), id).replaceWith(Response.noContent().build());
    }

    /** Sends a test message: 204 once the channel took it, a 502 problem saying why it did not. */
    @POST
    @Path("{id}/test")
    public Uni<Response> test(@PathParam("id") long id) {
        return channels.test(tenant.id(), id).replaceWith(Response.noContent().build());
    }

    static <T> T present(T body) {
        if (body == null) {
            throw ProblemException.invalidField("body", "is required (JSON)");
        }
        return body;
    }
}
