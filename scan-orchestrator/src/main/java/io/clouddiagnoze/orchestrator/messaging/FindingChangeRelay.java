package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.events.EventMessages;
import io.clouddiagnoze.orchestrator.repository.FindingChangeRepository;
import io.clouddiagnoze.orchestrator.repository.FindingChangeRepository.Claimed;
import io.clouddiagnoze.orchestrator.service.FindingService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes {@code findings-changed} from its outbox ({@link FindingChangeRepository}): each finding opened, resolved,
 * muted or unmuted, keyed by tenant, with its outbox id as its sequence and the finding as the API shows it when it is
 * sent. A change leaves the outbox only once the broker has it: at least once, twice only if a crash comes in between;
 * one whose send failed goes in a later round, after those behind it. Rounds follow one another while they come back
 * full, so that a first scan's hundreds of thousands of findings drain at the broker's pace, not a round a second. The
 * topic carries no tenant token, as the other topics that alerts and analytics read: only scan-orchestrator may write
 * it (its ACL).
 */
@ApplicationScoped
public class FindingChangeRelay {
    private static final Logger LOG = Logger.getLogger(FindingChangeRelay.class);
    private static final int ROUND = 1000;
    private static final int IN_FLIGHT = 128;

    private final FindingChangeRepository changes;
    private final MutinyEmitter<byte[]> findingsChanged;

    FindingChangeRelay(FindingChangeRepository changes, @Channel("findings-changed") MutinyEmitter<byte[]> findingsChanged) {
        this.changes = changes;
        this.findingsChanged = findingsChanged;
    }

    @Scheduled(every = "${clouddiagnoze.relay.interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> publishChanges() {
        return Uni.createFrom().deferred(this::round).repeat().whilst(claimed -> claimed == ROUND).collect().last()
                .onFailure().invoke(failure -> LOG.warnf("finding changes not published yet, will retry: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Claims, sends and releases up to a round of changes; how many it claimed. */
    private Uni<Integer> round() {
        String claim = UUID.randomUUID().toString();
        return changes.claim(claim, ROUND).flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(claimed).onItem().transformToUni(this::publish).merge(IN_FLIGHT)
                        .collect().asList().flatMap(changes::published)
                        .eventually(() -> changes.release(claim)).replaceWith(claimed.size()));
    }

    /** Sends the change; its outbox id once the broker has it (or once its finding is gone with its tenant), nothing if not sent. */
    private Uni<Long> publish(Claimed claimed) {
        if (claimed.finding() == null) {
            return Uni.createFrom().item(claimed.id());
        }
        FindingChanged event = new FindingChanged(claimed.id(), claimed.finding().tenantId(), claimed.change(), claimed.changedAt(),
                FindingService.view(claimed.finding()));
        return findingsChanged.sendMessage(EventMessages.of(event, String.valueOf(event.tenantId()), Map.of(), EventSource.SCAN_ORCHESTRATOR))
                .replaceWith(claimed.id())
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("finding change %d not sent, next round: %s", claimed.id(), failure.toString());
                    return null;
                });
    }
}
