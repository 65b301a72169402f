package io.clouddiagnoze.notification.service;

import io.clouddiagnoze.notification.model.Alert;
import io.clouddiagnoze.notification.model.Rule;
import io.clouddiagnoze.notification.repository.DeliveryRepository;
import io.clouddiagnoze.notification.repository.RuleRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches an alert against its tenant's rules and stores a delivery to each channel of a matching rule, in one
 * statement: the deliveries table is the outbox the dispatcher sends from. An alert taken twice adds nothing. An alert no
 * rule matches, as most are (a scan of 100,000 instances opens a finding per failing check of each), costs one read.
 */
@ApplicationScoped
public class AlertIntake {
    private final RuleRepository rules;
    private final DeliveryRepository deliveries;

    AlertIntake(RuleRepository rules, DeliveryRepository deliveries) {
        this.rules = rules;
        this.deliveries = deliveries;
    }

    /** Stores the deliveries {@code alert} makes; nothing for null (an event nobody is alerted of). */
    public Uni<Void> take(Alert alert) {
        if (alert == null) {
            return Uni.createFrom().voidItem();
        }
        return rules.list(alert.tenantId()).flatMap(tenantRules -> {
            Set<Long> channels = new TreeSet<>();
            tenantRules.stream().filter(rule -> rule.matches(alert)).map(Rule::channelIds).forEach(channels::addAll);
            return deliveries.add(alert, channels, Instant.now());
        });
    }
}
