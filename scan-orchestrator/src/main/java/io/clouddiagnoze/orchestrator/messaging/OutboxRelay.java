package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.orchestrator.repository.RelayedEvents;
import io.clouddiagnoze.service.outbox.ClaimedRounds;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * How every outbox of events is relayed to the broker, in claimed rounds: a round claims up to {@code round} of the
 * oldest events that no live claim holds (so two instances never send the same one), sends at most {@code inFlight} at
 * once, deletes in one statement those the broker took, and releases the others for a later round, behind the ones
 * after them. An event leaves its outbox only once the broker has it: at least once, twice only if a crash comes in
 * between.
 */
final class OutboxRelay<T> {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final RelayedEvents<T> outbox;
    private final int round;
    private final int inFlight;
    private final Function<T, Uni<Long>> send;

    /** {@code send} sends an event and answers its outbox id once the broker has it (a failure leaves it for a later round). */
    OutboxRelay(RelayedEvents<T> outbox, int round, int inFlight, Function<T, Uni<Long>> send) {
        this.outbox = outbox;
        this.round = round;
        this.inFlight = inFlight;
        this.send = send;
    }

    /** Rounds until one comes back short; a failure of the database ends them until the next call, nothing lost. */
    Uni<Void> drain(String what) {
        return ClaimedRounds.whileFull(this::round, round, "relaying " + what);
    }

    /** Claims, sends and releases up to a round of events; how many it claimed. */
    private Uni<Integer> round() {
        String claim = UUID.randomUUID().toString();
        return outbox.claim(claim, round).flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                : ClaimedRounds.each(claimed, inFlight, this::sent).flatMap(outbox::published)
                        .eventually(() -> outbox.release(claim)).replaceWith(claimed.size()));
    }

    /** The event's outbox id once the broker has it; null, which the round's list skips, when it was not sent. */
    private Uni<Long> sent(T event) {
        return send.apply(event).onFailure().recoverWithItem(failure -> {
            LOG.debugf("an event not sent, next round: %s", failure.toString());
            return null;
        });
    }
}
