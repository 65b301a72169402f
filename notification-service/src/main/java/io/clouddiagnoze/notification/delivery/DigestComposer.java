package io.clouddiagnoze.notification.delivery;

import io.clouddiagnoze.notification.repository.DigestRepository;
import io.clouddiagnoze.notification.service.Alerts;
import io.clouddiagnoze.service.outbox.ClaimedRounds;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Turns each digest that is due (its oldest waiting alert is its rule's digest hours old) into one delivery, which the
 * dispatcher then sends, signs and retries like any alert. Rounds follow one another while they come back full.
 */
@ApplicationScoped
public class DigestComposer {
    private static final int ROUND = 50;

    private final DigestRepository digests;
    private final Alerts alerts;

    DigestComposer(DigestRepository digests, Alerts alerts) {
        this.digests = digests;
        this.alerts = alerts;
    }

    @Scheduled(every = "${clouddiagnoze.alerts.digest-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> compose() {
        return ClaimedRounds.whileFull(this::round, ROUND, "composing digests");
    }

    private Uni<Integer> round() {
        Instant now = Instant.now();
        return digests.due(now, ROUND).flatMap(due -> due.isEmpty() ? Uni.createFrom().item(0)
                : ClaimedRounds.each(due, 1, group -> digests.compose(group, now, items -> alerts.digest(group, items, now)))
                        .replaceWith(due.size()));
    }
}
