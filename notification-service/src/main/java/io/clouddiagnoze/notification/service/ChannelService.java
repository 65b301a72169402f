package io.clouddiagnoze.notification.service;

import io.clouddiagnoze.notification.delivery.DeliveryFailure;
import io.clouddiagnoze.notification.delivery.Destinations;
import io.clouddiagnoze.notification.delivery.Senders;
import io.clouddiagnoze.notification.delivery.Signatures;
import io.clouddiagnoze.notification.model.Alert;
import io.clouddiagnoze.notification.model.Channel;
import io.clouddiagnoze.notification.model.ChannelType;
import io.clouddiagnoze.notification.repository.ChannelRepository;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A tenant's channels: saved only with a destination alerts may go to (an allowed URL, or addresses and a configured
 * SMTP server), a webhook's secret made once, and a test message sent on request.
 */
@ApplicationScoped
public class ChannelService {
    private final ChannelRepository channels;
    private final Destinations destinations;
    private final Senders senders;
    private final Alerts alerts;
    private final boolean mailConfigured;

    ChannelService(ChannelRepository channels, Destinations destinations, Senders senders, Alerts alerts,
                   @ConfigProperty(name = "clouddiagnoze.alerts.smtp-host") Optional<String> smtpHost) {
        this.channels = channels;
        this.destinations = destinations;
        this.senders = senders;
        this.alerts = alerts;
        this.mailConfigured = smtpHost.filter(host -> !host.isBlank()).isPresent();
    }

    /** The new channel, with its secret if it is a webhook (the only time the secret is shown). */
    public Uni<Channel> create(long tenant, ChannelType type, String name, String url, List<String> addresses) {
        String secret = type == ChannelType.WEBHOOK ? Signatures.newSecret() : null;
        Instant now = Instant.now();
        return allowed(type, url)
                .flatMap(ok -> channels.add(tenant, type, name, url, addresses, secret, now))
                .map(id -> new Channel(id, tenant, type, name, url, addresses, secret, null, null, now));
    }

    /** Saves the channel's name and destination (its type stays), which also lifts a pause. */
    public Uni<Channel> update(long tenant, long id, ChannelType type, String name, String url, List<String> addresses) {
        return find(tenant, id).call(channel -> {
            if (channel.type() != type) {
                throw ProblemException.invalidField("type", "is " + channel.type().id() + " and cannot change; create another channel");
            }
            return allowed(type, url).flatMap(ok -> channels.update(tenant, id, name, url, addresses));
        }).flatMap(saved -> find(tenant, id));
    }

    public Uni<List<Channel>> list(long tenant) {
        return channels.list(tenant);
    }

    /** The tenant's channel; 404 for none, or another tenant's. */
    public Uni<Channel> find(long tenant, long id) {
        return channels.find(tenant, id).onItem().ifNull().failWith(() -> ProblemException.notFound("no channel " + id));
    }

    public Uni<Void> delete(long tenant, long id) {
        return channels.delete(tenant, id).invoke(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("no channel " + id);
            }
        }).replaceWithVoid();
    }

    /** Sends a test message to the channel now; a 502 problem saying why if it does not arrive. */
    public Uni<Void> test(long tenant, long id) {
        return find(tenant, id).flatMap(channel -> {
            Alert test = alerts.test(channel, Instant.now());
            return senders.send(channel, test.body().get(), test.id());
        }).onFailure(DeliveryFailure.class).transform(failure -> new ProblemException(Response.Status.BAD_GATEWAY,
                "delivery-failed", "the test message was not delivered: " + failure.getMessage(), null, null));
    }

    private Uni<Void> allowed(ChannelType type, String url) {
        return Uni.createFrom().deferred(() -> {
            if (type != ChannelType.EMAIL) {
                return destinations.check(url).replaceWithVoid();
            }
            if (!mailConfigured) {
                throw new ProblemException(Response.Status.BAD_REQUEST, "email-unavailable",
                        "email channels go through the platform's SMTP server, and none is configured (SMTP_HOST)", "type", null);
            }
            return Uni.createFrom().voidItem();
        }).onFailure(DeliveryFailure.class).transform(failure -> ProblemException.invalidField("url", "url " + failure.getMessage()));
    }
}
