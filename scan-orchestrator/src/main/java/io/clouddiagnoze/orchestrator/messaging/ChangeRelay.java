package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.events.EventMessages;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.Outbox;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.service.DiffService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes {@code resource-changes} for every scan run that completed successfully: each resource added,
 * changed (with its fields) or removed since the previous successful scan of the service. Like the
 * request relay, the run row is the outbox: it is marked only after the broker has every event, so the
 * events go out at least once (twice only if a crash comes in between); a round publishes only the runs it has
 * claimed ({@link RelayClaims}), so two instances never publish the same run's changes. The events carry no scan
 * token: they are for reading (analytics, alerts), and nothing read from them may start or feed a scan.
 */
@ApplicationScoped
public class ChangeRelay {
    private static final Logger LOG = Logger.getLogger(ChangeRelay.class);
    /** Changes sent and not yet acknowledged; all of a large scan's at once would overflow the emitter. */
    private static final int IN_FLIGHT = 128;

    private final RelayClaims claims;
    private final ScanRunRepository runs;
    private final DiffService diffs;
    private final MutinyEmitter<byte[]> changes;

    ChangeRelay(RelayClaims claims, ScanRunRepository runs, DiffService diffs,
                @Channel("resource-changes") MutinyEmitter<byte[]> changes) {
        this.claims = claims;
        this.runs = runs;
        this.diffs = diffs;
        this.changes = changes;
    }

    @Scheduled(every = "${clouddiagnoze.relay.interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> publishCompleted() {
        return claims.claimAndPublish(Outbox.CHANGES, 10, completed ->
                        Multi.createFrom().iterable(completed).onItem().transformToUniAndConcatenate(run -> publish(run.ref()))
                                .collect().last().replaceWithVoid())
                .onFailure().invoke(failure -> LOG.warn("resource changes not published yet, will retry", failure))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends every change of {@code run}, as the database finds them, at most {@link #IN_FLIGHT} unacknowledged at once. */
    private Uni<Void> publish(ScanRun.Ref run) {
        ServiceType service = run.service();
        String key = String.valueOf(run.tenantId());
        Instant now = Instant.now();
        return diffs.previous(run).flatMap(previous -> diffs.changes(run, previous)
                .onItem().transformToUni(change -> changes.sendMessage(EventMessages.of(new ResourceChanged(run.id(), previous, run.tenantId(),
                                service, change.region(), change.resourceId(), change.kind(), change.fields(), now, change.tags()), key, Map.of(),
                                EventSource.SCAN_ORCHESTRATOR))
                        .replaceWith(change.kind()))
                .merge(IN_FLIGHT)
                .collect().in(() -> new EnumMap<ResourceChanged.Change, Long>(ResourceChanged.Change.class),
                        (counts, kind) -> counts.merge(kind, 1L, Long::sum))
                .call(counts -> runs.published(Outbox.CHANGES, run.id()))
                .invoke(counts -> LOG.infof("scan run %d: resource changes published %s", run.id(), counts))
                .replaceWithVoid());
    }
}
