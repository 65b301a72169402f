package io.clouddiagnoze.notification.service;

import io.clouddiagnoze.notification.model.Alert;
import io.clouddiagnoze.notification.model.Rule;
import io.clouddiagnoze.notification.repository.DeliveryRepository;
import io.clouddiagnoze.notification.repository.DigestRepository;
import io.clouddiagnoze.notification.repository.RuleRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches an alert against its tenant's rules: a delivery to each channel of a matching rule that sends at once (the
 * deliveries table is the outbox the dispatcher sends from), and an item in the waiting digest of each channel of a
 * matching digest rule. An alert taken twice adds nothing. An alert no rule matches, as most are (a scan of 100,000
 * instances opens a finding per failing check of each), costs one read.
 */
@ApplicationScoped
public class AlertIntake {
    private final RuleRepository rules;
    private final DeliveryRepository deliveries;
    private final DigestRepository digests;

    AlertIntake(RuleRepository rules, DeliveryRepository deliveries, DigestRepository digests) {
        this.rules = rules;
        this.deliveries = deliveries;
        this.digests = digests;
    }

    /** Stores the deliveries and digest items {@code alert} makes; nothing for null (an event nobody is alerted of). */
    public Uni<Void> take(Alert alert) {
        if (alert == null) {
            return Uni.createFrom().voidItem();
        }
        return rules.list(alert.tenantId()).flatMap(tenantRules -> {
            List<Rule> matching = tenantRules.stream().filter(rule -> rule.matches(alert)).toList();
            Set<Long> atOnce = new TreeSet<>();
            matching.stream().filter(rule -> !rule.digest()).map(Rule::channelIds).forEach(atOnce::addAll);
            Instant now = Instant.now();
            return deliveries.add(alert, atOnce, now).call(() -> digests.add(alert, matching.stream().filter(Rule::digest).toList(), now));
        });
    }
}
