package io.clouddiagnoze.service.outbox;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How a service works through a table of pending work (an outbox of events, a queue of deliveries): in rounds, each
 * claiming up to a full round of rows and handling them a bounded number at once. Rounds follow one another while they
 * come back full, so that a backlog drains at the pace of whoever takes the work, not a round a tick; a failure ends
 * them until the next call, with nothing lost, since what was not done stays in the table.
 */
public final class ClaimedRounds {
    private static final Logger LOG = Logger.getLogger(ClaimedRounds.class);

    private ClaimedRounds() {
    }

    /**
     * Runs {@code round}, which answers how many rows it claimed, again while it claims {@code full}; a failure is logged
     * as one of {@code what} ("relaying finding changes").
     */
    public static Uni<Void> whileFull(Supplier<Uni<? extends Integer>> round, int full, String what) {
        return Uni.createFrom().<Integer>deferred(round).repeat().whilst(claimed -> claimed == full).collect().last()
                .onFailure().invoke(failure -> LOG.warnf("%s: a round failed, will retry: %s", what, failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** What {@code work} makes of each of {@code claimed}, at most {@code inFlight} at once, in the order they finish; a null is left out. */
    public static <T, R> Uni<List<R>> each(List<T> claimed, int inFlight, Function<? super T, Uni<? extends R>> work) {
        return Multi.createFrom().iterable(claimed).onItem().<R>transformToUni(work).merge(inFlight).collect().asList();
    }
}
