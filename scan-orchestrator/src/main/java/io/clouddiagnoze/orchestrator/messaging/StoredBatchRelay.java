package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.events.EventMessages;
import io.clouddiagnoze.orchestrator.repository.StoredBatchRepository;
import io.clouddiagnoze.orchestrator.repository.StoredBatchRepository.Claimed;
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
 * Publishes {@code resources-stored} from its outbox ({@link StoredBatchRepository}): every batch whose resources have
 * been committed, with their row ids, under the scan's events token, so that metrics-collector starts from rows that
 * exist instead of waiting for them. An event leaves the outbox only once the broker has it: at least once, twice only
 * if a crash comes in between (collecting a batch's metrics twice writes the same rows). A round sends only what it
 * has claimed, so two instances never send the same batch.
 */
@ApplicationScoped
public class StoredBatchRelay {
    private static final Logger LOG = Logger.getLogger(StoredBatchRelay.class);
    private static final int ROUND = 100;
    private static final int IN_FLIGHT = 16;

    private final StoredBatchRepository batches;
    private final ScanTokenSigner tokens;
    private final MutinyEmitter<byte[]> stored;

    StoredBatchRelay(StoredBatchRepository batches, ScanTokenSigner tokens, @Channel("resources-stored") MutinyEmitter<byte[]> stored) {
        this.batches = batches;
        this.tokens = tokens;
        this.stored = stored;
    }

    @Scheduled(every = "${clouddiagnoze.relay.interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> publishStored() {
        String claim = UUID.randomUUID().toString();
        return batches.claim(claim, ROUND).flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().voidItem()
                        : Multi.createFrom().iterable(claimed).onItem().transformToUni(this::publish).merge(IN_FLIGHT)
                                .collect().last().replaceWithVoid().eventually(() -> batches.release(claim)))
                .onFailure().invoke(failure -> LOG.warnf("stored batches not published yet, will retry: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> publish(Claimed claimed) {
        ResourcesStored event = claimed.event();
        String token = tokens.signEvents(event.tenantId(), event.scanRunId(), event.service());
        return stored.sendMessage(EventMessages.of(event, String.valueOf(event.tenantId()), Map.of(EventHeaders.TENANT_TOKEN, token), EventSource.SCAN_ORCHESTRATOR))
                .flatMap(sent -> batches.published(claimed.id()));
    }
}
