package io.clouddiagnoze.orchestrator.service;

import static io.clouddiagnoze.orchestrator.service.RunArchive.await;

import io.clouddiagnoze.orchestrator.aws.ArchiveBucket;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ArchiveRepository;
import io.clouddiagnoze.orchestrator.repository.ArchiveRepository.ArchivedRun;
import io.clouddiagnoze.orchestrator.repository.JobLeaseRepository;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.repository.TenantRepository;
import io.clouddiagnoze.orchestrator.repository.TenantRepository.TenantRetention;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The retention job: every finished scan run older than its tenant's retention period ({@code RETENTION_MONTHS}, 6, or
 * the tenant's own) goes to the archive and leaves the database. A pass runs in one instance at a time, under the
 * {@code retention} lease in the database, renewed as it works: on its schedule in every instance (the lease lets one
 * work), or now through {@code POST /api/retention/run}. It first finishes the deletions a stopped pass left, then
 * archives tenant by tenant, then deletes the archive objects of tenants that no longer exist. After each run it rests
 * in proportion to that run's work, so that it works {@code RETENTION_DUTY_CYCLE} of its time and leaves the rest to
 * ingestion. It is made at start, so that a duty cycle out of range stops the service then, naming the setting, and not at
 * the first pass.
 */
@Startup
@ApplicationScoped
public class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    private static final String JOB = "retention";
    /** Runs of a tenant read at once; a pass reads again until none is left. */
    private static final int RUNS_AT_ONCE = 100;

    private final JobLeaseRepository leases;
    private final TenantRepository tenants;
    private final ScanRunRepository runs;
    private final ArchiveRepository archive;
    private final RunArchive runArchive;
    private final ArchiveBucket bucket;
    private final int defaultMonths;
    private final Duration lease;
    private final double dutyCycle;

    RetentionJob(JobLeaseRepository leases, TenantRepository tenants, ScanRunRepository runs, ArchiveRepository archive,
                 RunArchive runArchive, ArchiveBucket bucket,
                 @ConfigProperty(name = "clouddiagnoze.retention.months") int defaultMonths,
                 @ConfigProperty(name = "clouddiagnoze.retention.lease") Duration lease,
                 @ConfigProperty(name = "clouddiagnoze.retention.duty-cycle") double dutyCycle) {
        if (!(dutyCycle > 0 && dutyCycle <= 1)) {
            throw new IllegalArgumentException("RETENTION_DUTY_CYCLE must be above 0 and at most 1, not " + dutyCycle);
        }
        this.leases = leases;
        this.tenants = tenants;
        this.runs = runs;
        this.archive = archive;
        this.runArchive = runArchive;
        this.bucket = bucket;
        this.defaultMonths = defaultMonths;
        this.lease = lease;
        this.dutyCycle = dutyCycle;
    }

    @Scheduled(cron = "${clouddiagnoze.retention.schedule}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            Pass pass = runOnce();
            if (pass == null) {
                LOG.info("retention: another instance's pass holds the lease");
            }
        } catch (RuntimeException e) {
            LOG.warnf("retention: the pass stopped, the next one goes on: %s", e.toString());
        }
    }

    /** One pass now; null when another pass holds the lease. */
    public Pass runOnce() {
        return leases.whileHolding(JOB, lease, RunArchive.STATEMENT_WAIT, this::pass);
    }

    private Pass pass(Runnable heartbeat) {
        long started = System.nanoTime();
        Tally tally = new Tally();
        bucket.prepare();
        for (ArchivedRun run : await(archive.unfinished())) {
            long runStarted = System.nanoTime();
            runArchive.deleteRows(run.run(), heartbeat);
            tally.unfinished++;
            tally.restedNanos += rest(runStarted);
        }
        for (TenantRetention tenant : await(tenants.retentionPeriods())) {
            try {
                archiveExpired(tenant, heartbeat, tally);
            } catch (RuntimeException e) {
                LOG.warnf("retention: tenant %d's runs stay online until the next pass: %s", tenant.tenantId(), e.toString());
                tally.tenantsFailed++;
            }
        }
        sweepDeletedTenants(tally);
        Pass pass = new Pass(tally.unfinished, tally.runs, tally.resourceRows, tally.metricRows, tally.tenantsSwept, tally.objectsSwept,
                tally.tenantsFailed, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                Duration.ofNanos(tally.restedNanos).toMillis());
        LOG.infof("retention: %s", pass);
        return pass;
    }

    private void archiveExpired(TenantRetention tenant, Runnable heartbeat, Tally tally) {
        int months = tenant.months() == null ? defaultMonths : tenant.months();
        Instant now = Instant.now();
        Instant cutoff = LocalDateTime.ofInstant(now, ZoneOffset.UTC).minusMonths(months).toInstant(ZoneOffset.UTC);
        List<ScanRun> expired;
        do {
            expired = await(runs.expired(tenant.tenantId(), cutoff, now, RUNS_AT_ONCE));
            for (ScanRun run : expired) {
                long runStarted = System.nanoTime();
                ArchivedRun archived = runArchive.archive(run, heartbeat);
                if (archived != null) {
                    tally.runs++;
                    tally.resourceRows += archived.resourceRows();
                    tally.metricRows += archived.metricRows();
                }
                tally.restedNanos += rest(runStarted);
            }
        } while (expired.size() == RUNS_AT_ONCE);
    }

    /** Rests after work that began at {@code started}, long enough to keep the pass to its duty cycle; how long. */
    private long rest(long started) {
        long rest = (long) ((System.nanoTime() - started) * (1 / dutyCycle - 1));
        try {
            TimeUnit.NANOSECONDS.sleep(rest);
            return rest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the retention pass was interrupted", e);
        }
    }

    /** Deleting a tenant deletes its archive records by cascade; its objects go here, by their key prefix. */
    private void sweepDeletedTenants(Tally tally) {
        List<Long> archived = bucket.tenants();
        Set<Long> existing = await(tenants.existing(archived));
        for (long tenantId : archived) {
            if (!existing.contains(tenantId)) {
                tally.objectsSwept += bucket.deleteTenant(tenantId);
                tally.tenantsSwept++;
            }
        }
    }

    /**
     * What a pass did: archived runs whose deletion it finished, runs it archived with their resource and metric rows,
     * deleted tenants whose objects it removed, tenants whose runs it could not archive (they stay online), how long, and
     * how much of that it rested to keep to its duty cycle.
     */
    public record Pass(int unfinishedDeletionsCompleted, int runsArchived, long resourceRows, long metricRows, int deletedTenantsSwept,
                       long objectsSwept, int tenantsFailed, long millis, long restedMillis) {
    }

    /** The counts of a pass while it runs. */
    private static final class Tally {
        int unfinished;
        int runs;
        long resourceRows;
        long metricRows;
        int tenantsSwept;
        long objectsSwept;
        int tenantsFailed;
        long restedNanos;
    }
}
