package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.events.EventMessages;
import io.clouddiagnoze.orchestrator.repository.StoredBatchRepository;
import io.clouddiagnoze.orchestrator.repository.StoredBatchRepository.Claimed;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes {@code resources-stored} from its outbox ({@link StoredBatchRepository}): every batch whose resources have
 * been committed, with their row ids, under the scan's events token, so that metrics-collector starts from rows that
 * exist instead of waiting for them; in rounds as every outbox's ({@link OutboxRelay}): at least once, twice only if a
 * crash comes in between (collecting a batch's metrics twice writes the same rows).
 */
@ApplicationScoped
public class StoredBatchRelay {
    private static final int ROUND = 100;
    private static final int IN_FLIGHT = 16;

    private final OutboxRelay<Claimed> relay;
    private final ScanTokenSigner tokens;
    private final MutinyEmitter<byte[]> stored;

    StoredBatchRelay(StoredBatchRepository batches, ScanTokenSigner tokens, @Channel("resources-stored") MutinyEmitter<byte[]> stored) {
        this.relay = new OutboxRelay<>(batches, ROUND, IN_FLIGHT, this::publish);
        this.tokens = tokens;
        this.stored = stored;
    }

    @Scheduled(every = "${clouddiagnoze.relay.interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> publishStored() {
        return relay.drain("stored batches");
    }

    /** Sends the batch's event under the scan's events token; its outbox id once the broker has it. */
    private Uni<Long> publish(Claimed claimed) {
        ResourcesStored event = claimed.event();
        String token = tokens.signEvents(event.tenantId(), event.scanRunId(), event.service());
        return stored.sendMessage(EventMessages.of(event, String.valueOf(event.tenantId()), Map.of(EventHeaders.TENANT_TOKEN, token), EventSource.SCAN_ORCHESTRATOR))
                .replaceWith(claimed.id());
    }
}
