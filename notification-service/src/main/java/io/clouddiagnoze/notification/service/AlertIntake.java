package io.clouddiagnoze.notification.service;

import io.clouddiagnoze.notification.model.Alert;
import io.clouddiagnoze.notification.model.Rule;
import io.clouddiagnoze.notification.repository.DeliveryRepository;
import io.clouddiagnoze.notification.repository.RuleRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches an alert against its tenant's rules and stores a delivery to each channel of a matching rule, in one
 * transaction: the deliveries table is the outbox the dispatcher sends from. An alert taken twice adds nothing.
 */
@ApplicationScoped
public class AlertIntake {
    private final Pool pool;
    private final RuleRepository rules;
    private final DeliveryRepository deliveries;

    AlertIntake(Pool pool, RuleRepository rules, DeliveryRepository deliveries) {
        this.pool = pool;
        this.rules = rules;
        this.deliveries = deliveries;
    }

    /** Stores the deliveries {@code alert} makes; nothing for null (an event nobody is alerted of). */
    public Uni<Void> take(Alert alert) {
        if (alert == null) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return pool.withTransaction(tx -> rules.list(tx, alert.tenantId()).flatMap(tenantRules -> {
            Set<Long> channels = new TreeSet<>();
            tenantRules.stream().filter(rule -> rule.matches(alert)).map(Rule::channelIds).forEach(channels::addAll);
            return deliveries.add(tx, alert, channels, now);
        }));
    }
}
