package io.clouddiagnoze.notification.delivery;

import io.clouddiagnoze.notification.model.Channel;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Sends an alert to a channel, once: a signed POST to a webhook, a Slack message, or a mail through the platform's SMTP
 * server (Quarkus Mailer). It fails with a {@link DeliveryFailure} that the delivery log can show.
 */
@ApplicationScoped
public class Senders {
    public static final String TIMESTAMP = "X-CloudDiagnoze-Timestamp";
    public static final String SIGNATURE = "X-CloudDiagnoze-Signature";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Outbound outbound;
    private final ReactiveMailer mailer;
    private final Messages messages;

    Senders(Outbound outbound, ReactiveMailer mailer, Messages messages) {
        this.outbound = outbound;
        this.mailer = mailer;
        this.messages = messages;
    }

    /** Sends {@code alert} (its webhook JSON) to {@code channel}; {@code idempotencyKey} is the same for each attempt. */
    public Uni<Void> send(Channel channel, String alert, String idempotencyKey) {
        return switch (channel.type()) {
            case WEBHOOK -> {
                long timestamp = Instant.now().getEpochSecond();
                yield outbound.postJson(channel.url(), Map.of(TIMESTAMP, String.valueOf(timestamp),
                        SIGNATURE, Signatures.sign(channel.secret(), timestamp, alert), IDEMPOTENCY_KEY, idempotencyKey), alert);
            }
            case SLACK -> outbound.postJson(channel.url(), Map.of(), messages.slack(alert));
            case EMAIL -> Uni.createFrom().deferred(() -> mailer.send(messages.email(alert, channel.addresses())))
                    .onFailure(failure -> !(failure instanceof DeliveryFailure))
                    .transform(failure -> new DeliveryFailure("the mail was not sent: " + failure.getMessage()));
        };
    }
}
