package io.clouddiagnoze.notification.service;

import io.clouddiagnoze.notification.model.Rule;
import io.clouddiagnoze.notification.repository.ChannelRepository;
import io.clouddiagnoze.notification.repository.RuleRepository;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** A tenant's rules, each sending to channels of the same tenant only. */
@ApplicationScoped
public class RuleService {
    private final RuleRepository rules;
    private final ChannelRepository channels;

    RuleService(RuleRepository rules, ChannelRepository channels) {
        this.rules = rules;
        this.channels = channels;
    }

    public Uni<Rule> create(long tenant, Rule rule) {
        return ownChannels(tenant, rule).flatMap(ok -> rules.add(tenant, rule, Instant.now())).flatMap(id -> find(tenant, id));
    }

    public Uni<Rule> update(long tenant, long id, Rule rule) {
        return find(tenant, id).flatMap(existing -> ownChannels(tenant, rule)).flatMap(ok -> rules.update(tenant, id, rule))
                .flatMap(saved -> find(tenant, id));
    }

    public Uni<List<Rule>> list(long tenant) {
        return rules.list(tenant);
    }

    /** The tenant's rule; 404 for none, or another tenant's. */
    public Uni<Rule> find(long tenant, long id) {
        return rules.find(tenant, id).onItem().ifNull().failWith(() -> ProblemException.notFound("no rule " + id));
    }

    public Uni<Void> delete(long tenant, long id) {
        return rules.delete(tenant, id).invoke(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("no rule " + id);
            }
        }).replaceWithVoid();
    }

    private Uni<Void> ownChannels(long tenant, Rule rule) {
        return channels.countOwned(tenant, rule.channelIds()).invoke(owned -> {
            if (owned != rule.channelIds().size()) {
                throw ProblemException.invalidField("channelIds", "names a channel that is not one of yours");
            }
        }).replaceWithVoid();
    }
}
