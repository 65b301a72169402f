package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.events.EventMessages;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.service.ResourceChanges.Diff;
import io.clouddiagnoze.orchestrator.service.ResourceQueryService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes {@code resource-changes} for every scan run that completed successfully: each resource added,
 * changed (with its fields) or removed since the previous successful scan of the service. Like the
 * request relay, the run row is the outbox: it is marked only after the broker has every event, so the
 * events go out at least once (twice if a crash or a second instance comes in between).
 */
@ApplicationScoped
public class ChangeRelay {
    private static final Logger LOG = Logger.getLogger(ChangeRelay.class);
    private static final String SOURCE = "/clouddiagnoze/scan-orchestrator";
    /** Changes sent and not yet acknowledged; all of a large scan's at once would overflow the emitter. */
    private static final int IN_FLIGHT = 128;

    private final Pool pool;
    private final ResourceQueryService queries;
    private final ScanTokenSigner tokens;
    private final MutinyEmitter<byte[]> changes;

    ChangeRelay(Pool pool, ResourceQueryService queries, ScanTokenSigner tokens,
                @Channel("resource-changes") MutinyEmitter<byte[]> changes) {
        this.pool = pool;
        this.queries = queries;
        this.tokens = tokens;
        this.changes = changes;
    }

    @Scheduled(every = "${clouddiagnoze.relay.interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> publishCompleted() {
        return pool.preparedQuery("SELECT id, user_id, service_type FROM scan_runs"
                        + " WHERE status = 'success' AND changes_published_at IS NULL ORDER BY id LIMIT 10")
                .execute()
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> publish(run(row)))
                .collect().last()
                .onFailure().invoke(failure -> LOG.warn("resource changes not published yet, will retry", failure))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> publish(ScanRun run) {
        ServiceType service = ServiceType.fromId(run.service).orElseThrow();
        ResourceTable<?> table = queries.table(run);
        return queries.diff(run).flatMap(diff -> {
            List<ResourceChanged> events = events(run, service, table, diff);
            String token = tokens.sign(run.tenantId, run.id, service);
            Uni<Void> sent = Multi.createFrom().iterable(events)
                    .onItem().transformToUni(event -> changes.sendMessage(EventMessages.of(event, String.valueOf(run.tenantId), token, SOURCE)))
                    .merge(IN_FLIGHT)
                    .collect().last().replaceWithVoid();
            return sent.flatMap(done -> pool.preparedQuery("UPDATE scan_runs SET changes_published_at = ? WHERE id = ?")
                            .execute(Tuple.of(LocalDateTime.now(ZoneOffset.UTC), run.id)))
                    .invoke(() -> LOG.infof("scan run %d: %d resource changes published (%d added, %d changed, %d removed)",
                            run.id, events.size(), diff.added().size(), diff.changed().size(), diff.removed().size()))
                    .replaceWithVoid();
        });
    }

    private static List<ResourceChanged> events(ScanRun run, ServiceType service, ResourceTable<?> table, Diff diff) {
        Instant now = Instant.now();
        List<ResourceChanged> events = new ArrayList<>();
        for (Map<String, Object> added : diff.added()) {
            events.add(new ResourceChanged(run.id, diff.previousScanRunId(), run.tenantId, service, String.valueOf(added.get("region")),
                    String.valueOf(added.get(table.naturalIdField())), ResourceChanged.Change.ADDED, List.of(), now));
        }
        diff.changed().forEach(changed -> events.add(new ResourceChanged(run.id, diff.previousScanRunId(), run.tenantId, service,
                changed.region(), changed.resourceId(), ResourceChanged.Change.CHANGED, changed.fields(), now)));
        for (Map<String, Object> removed : diff.removed()) {
            events.add(new ResourceChanged(run.id, diff.previousScanRunId(), run.tenantId, service,
                    String.valueOf(removed.get("region")), String.valueOf(removed.get(table.naturalIdField())),
                    ResourceChanged.Change.REMOVED, List.of(), now));
        }
        return events;
    }

    private static ScanRun run(Row row) {
        ScanRun run = new ScanRun();
        run.id = row.getLong("id");
        run.tenantId = row.getLong("user_id");
        run.service = row.getString("service_type");
        return run;
    }
}
