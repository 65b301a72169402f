package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.events.RejectedEvent;
import io.clouddiagnoze.orchestrator.model.ScanRun.Status;
import io.clouddiagnoze.orchestrator.repository.FindingRepository;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.repository.StoredBatchRepository;
import io.clouddiagnoze.orchestrator.model.RunState;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.service.persistence.DatabaseErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies the scanners' events to the database. Each event locks its scan run, so that a batch and the
 * result of the same run are applied one after the other in whatever order they arrive; a run closes
 * only once every resource its result counted is stored. A batch that stores resources puts its resources-stored event,
 * with the row ids they got, in the outbox in the same transaction; a redelivered one stores nothing and adds none. A
 * run that closes with success records its findings in the transaction that closes it. A batch the database refuses for good (a value it
 * cannot hold, a constraint) closes its run as an error that says why, and goes to the dead-letter topic: the run
 * can never be complete, and the other tenants' events go on.
 */
@ApplicationScoped
public class ScanIngestion {
    private static final Logger LOG = Logger.getLogger(ScanIngestion.class);

    private final Pool pool;
    private final ScanRunRepository runs;
    private final ResourceRepository resources;
    private final StoredBatchRepository storedBatches;
    private final FindingRepository findings;
    private final ScanMetrics metrics;

    ScanIngestion(Pool pool, ScanRunRepository runs, ResourceRepository resources, StoredBatchRepository storedBatches,
                  FindingRepository findings, ScanMetrics metrics) {
        this.pool = pool;
        this.runs = runs;
        this.resources = resources;
        this.storedBatches = storedBatches;
        this.findings = findings;
        this.metrics = metrics;
    }

    public Uni<Void> apply(ResourcesDiscovered batch) {
        ResourceTable<?> table = ResourceTables.of(batch.service());
        batch.resources().stream().filter(r -> !table.type().isInstance(r)).findFirst().ifPresent(r -> {
            throw new RejectedEvent("a batch of " + batch.service().id() + " resources holds a " + r.getClass().getSimpleName());
        });
        return pool.withTransaction(tx -> runs.lock(tx, batch.scanRunId())
                .map(run -> requireOpen(run, batch))
                .flatMap(run -> resources.insert(tx, table, run.id(), run.tenantId(), run.scanTimestamp(), batch.resources())
                        .flatMap(inserted -> inserted == 0 ? Uni.createFrom().voidItem() : addStored(tx, table, run, batch))
                        .flatMap(added -> runs.touch(tx, run.id()))
                        .flatMap(touched -> closeIfComplete(tx, run))))
                .invoke(closed -> metrics.ingested(batch.service(), batch.resources().size()))
                .onFailure(failure -> DatabaseErrors.refusal(failure).isPresent())
                .recoverWithUni(failure -> refuse(batch, DatabaseErrors.refusal(failure).orElseThrow()))
                .invoke(this::countClosed).replaceWithVoid();
    }

    private Uni<Void> addStored(SqlClient tx, ResourceTable<?> table, RunState run, ResourcesDiscovered batch) {
        return resources.rows(tx, table, run.id(), run.tenantId(), batch.resources())
                .flatMap(rows -> storedBatches.add(tx, new ResourcesStored(run.id(), run.tenantId(), run.service(),
                        batch.batchSequence(), rows, batch.discoveredAt())));
    }

    /** Ends the batch's run as an error naming the database's refusal, then refuses the batch itself. */
    private Uni<RunState> refuse(ResourcesDiscovered batch, String refusal) {
        String reason = "batch " + batch.batchSequence() + " (" + batch.resources().size() + " resources in " + batch.region()
                + ") refused by the database: " + refusal;
        LOG.warnf("scan run %d: %s", batch.scanRunId(), reason);
        return pool.withTransaction(tx -> runs.lock(tx, batch.scanRunId())
                        .map(run -> requireOpen(run, batch))
                        .flatMap(run -> runs.fail(tx, run.id(), reason).replaceWith(run.withResult(Status.ERROR, run.expectedResources()))))
                .invoke(this::countClosed)
                .map(closed -> {
                    throw new RejectedEvent(reason);
                });
    }

    public Uni<Void> apply(ScanResult result) {
        Status status = result.status() == ScanResult.Status.SUCCESS ? Status.SUCCESS : Status.ERROR;
        return pool.withTransaction(tx -> runs.lock(tx, result.scanRunId())
                .map(run -> requireOpen(run, result))
                .flatMap(run -> runs.recordResult(tx, run.id(), status, result.resourceCount(), result.regions(), result.error())
                        .flatMap(recorded -> closeIfComplete(tx, run.withResult(status, result.resourceCount())))))
                .invoke(this::countClosed).replaceWithVoid();
    }

    private void countClosed(RunState closed) {
        if (closed != null) {
            metrics.closed(closed);
        }
    }

    /** Closes the run once every resource its result counted is stored; the closed run, or null while it stays open. */
    private Uni<RunState> closeIfComplete(SqlClient tx, RunState run) {
        if (run.expectedResources() == null) {
            return Uni.createFrom().nullItem();
        }
        return resources.count(tx, ResourceTables.of(run.service()), run.id()).flatMap(stored -> {
            if (stored < run.expectedResources()) {
                return Uni.createFrom().nullItem();
            }
            if (stored > run.expectedResources()) {
                LOG.warnf("scan run %d: %d resources stored but the scanner counted %d", run.id(), stored, run.expectedResources());
            }
            LOG.infof("scan run %d of tenant %d (%s) closed: %s, %d resources", run.id(), run.tenantId(),
                    run.service().id(), run.scannerStatus().id(), stored);
            Uni<List<String>> recorded = run.scannerStatus() == Status.SUCCESS ? findings.record(tx, run) : Uni.createFrom().nullItem();
            return recorded.flatMap(checks -> runs.close(tx, run.id(), run.scannerStatus(), stored, checks)).replaceWith(run);
        });
    }

    /** The run the event names, refusing an event for a run that is unknown, someone else's, another service's, or closed. */
    private static RunState requireOpen(RunState run, ScanEvent event) {
        if (run == null) {
            throw new RejectedEvent("no scan run " + event.scanRunId());
        }
        if (run.tenantId() != event.tenantId()) {
            throw new RejectedEvent("scan run " + run.id() + " does not belong to tenant " + event.tenantId());
        }
        if (run.service() != event.service()) {
            throw new RejectedEvent("scan run " + run.id() + " scans " + run.service().id() + ", not " + event.service().id());
        }
        if (!run.inProgress()) {
            throw new RejectedEvent("scan run " + run.id() + " is closed (" + run.status().id() + ")");
        }
        return run;
    }
}
