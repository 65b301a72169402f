package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.events.EventMessages;
import io.clouddiagnoze.orchestrator.repository.FindingChangeRepository;
import io.clouddiagnoze.orchestrator.repository.FindingChangeRepository.Claimed;
import io.clouddiagnoze.orchestrator.service.FindingService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes {@code findings-changed} from its outbox ({@link FindingChangeRepository}): each finding opened, resolved,
 * muted or unmuted, keyed by tenant, with its outbox id as its sequence and the finding as the API shows it when it is
 * sent. A change leaves the outbox only once the broker has it: at least once, twice only if a crash comes in between;
 * rounds as every outbox's ({@link OutboxRelay}), so that a first scan's hundreds of thousands of findings drain at the
 * broker's pace. The
 * topic carries no tenant token, as the other topics that alerts and analytics read: only scan-orchestrator may write
 * it (its ACL).
 */
@ApplicationScoped
public class FindingChangeRelay {
    private static final int ROUND = 1000;
    private static final int IN_FLIGHT = 128;

    private final OutboxRelay<Claimed> relay;
    private final MutinyEmitter<byte[]> findingsChanged;

    FindingChangeRelay(FindingChangeRepository changes, @Channel("findings-changed") MutinyEmitter<byte[]> findingsChanged) {
        this.relay = new OutboxRelay<>(changes, ROUND, IN_FLIGHT, this::publish);
        this.findingsChanged = findingsChanged;
    }

    @Scheduled(every = "${clouddiagnoze.relay.interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> publishChanges() {
        return relay.drain("finding changes");
    }

    /** Sends the change; its outbox id once the broker has it, or at once when its finding is gone with its tenant. */
    private Uni<Long> publish(Claimed claimed) {
        if (claimed.finding() == null) {
            return Uni.createFrom().item(claimed.id());
        }
        FindingChanged event = new FindingChanged(claimed.id(), claimed.finding().tenantId(), claimed.change(), claimed.changedAt(),
                FindingService.view(claimed.finding()), claimed.resourceTags());
        return findingsChanged.sendMessage(EventMessages.of(event, String.valueOf(event.tenantId()), Map.of(), EventSource.SCAN_ORCHESTRATOR))
                .replaceWith(claimed.id());
    }
}
