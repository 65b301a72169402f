package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.Outbox;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The relays' claims on the scan runs they publish, so that two scan-orchestrator instances never send the same
 * run's request or changes: a round claims pending runs that no live claim holds, under a token of its own, sends
 * them, and releases its claims when it ends, sent or not. Two rounds meeting on the same runs are ordered by the
 * claim's row locks, and each run goes to one. A round whose instance dies leaves claims that lapse after the
 * outbox's lease; the next round of any instance takes them.
 */
@ApplicationScoped
public class RelayClaims {
    private final ScanRunRepository runs;

    RelayClaims(ScanRunRepository runs) {
        this.runs = runs;
    }

    /** Claims up to {@code limit} of the oldest runs waiting in {@code outbox}, hands them to {@code round}, then releases them. */
    public Uni<Void> claimAndPublish(Outbox outbox, int limit, Function<List<ScanRun>, Uni<Void>> round) {
        String claim = UUID.randomUUID().toString();
        return runs.claim(outbox, claim, limit).flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().voidItem()
                : round.apply(claimed).eventually(() -> runs.release(claim)));
    }
}
