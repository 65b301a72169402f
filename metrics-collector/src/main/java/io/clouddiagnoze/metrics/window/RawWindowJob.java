package io.clouddiagnoze.metrics.window;

import io.clouddiagnoze.metrics.store.HourlyRollupRepository;
import io.clouddiagnoze.metrics.store.JobLeaseRepository;
import io.clouddiagnoze.metrics.store.PerformanceRepository;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the 5-minute points for the raw window only, and the hourly rollups for the online period. A pass writes, per
 * tenant and service, the hours that the points older than the window (to the hour) lack (a restored scan's), a day of
 * points a statement; deletes those points; then the hours older than the tenant's oldest online scan of that service
 * (less the collection window and a day: the earliest point its sightings may have), which the retention job's
 * archiving left behind; all of them where it has none. The deletions in batches of {@code batch-rows}, each statement
 * its own short transaction. Every instance tries a pass on the schedule; the {@code metric-points-window}
 * lease in {@code job_leases} lets one work.
 */
@ApplicationScoped
public class RawWindowJob {
    private static final Logger LOG = Logger.getLogger(RawWindowJob.class);
    private static final String JOB = "metric-points-window";
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofMinutes(1);
    /** Before every hour a DATETIME holds: where a tenant has no online scan of a service, all its hours go. */
    private static final Instant EVERY_HOUR = Instant.parse("9999-12-31T00:00:00Z");

    private final JobLeaseRepository leases;
    private final PerformanceRepository points;
    private final HourlyRollupRepository hours;
    private final Duration rawWindow;
    private final Duration sightingReach;
    private final int batchRows;

    RawWindowJob(JobLeaseRepository leases, PerformanceRepository points, HourlyRollupRepository hours,
                 @ConfigProperty(name = "clouddiagnoze.metrics.raw-window") Duration rawWindow,
                 @ConfigProperty(name = "clouddiagnoze.metrics.window") Duration collected,
                 @ConfigProperty(name = "clouddiagnoze.metrics.raw-window-batch-rows") int batchRows) {
        this.leases = leases;
        this.points = points;
        this.hours = hours;
        this.rawWindow = rawWindow;
        this.sightingReach = collected.plusDays(1);
        this.batchRows = batchRows;
    }

    @Scheduled(cron = "${clouddiagnoze.metrics.raw-window-schedule}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            if (runOnce() == null) {
                LOG.info("raw window: another instance's pass holds the lease");
            }
        } catch (RuntimeException e) {
            LOG.warnf("raw window: the pass stopped, the next one goes on: %s", e.toString());
        }
    }

    /** One pass now; null when another pass holds the lease. */
    public Pass runOnce() {
        return leases.whileHolding(JOB, LEASE, WAIT, this::pass);
    }

    private Pass pass(Runnable heartbeat) {
        long started = System.nanoTime();
        Instant cutoff = HourlyRollupRepository.hourOf(Instant.now().minus(rawWindow));
        long hoursFilled = 0;
        long pointsDeleted = 0;
        long hoursDeleted = 0;
        for (long tenant : await(points.tenants())) {
            for (PerformanceTable table : PerformanceTable.values()) {
                hoursFilled += fillMissingHours(heartbeat, table, tenant, cutoff);
                pointsDeleted += inBatches(heartbeat, () -> points.deleteBefore(table, tenant, cutoff, batchRows));
                Instant online = await(points.oldestScan(table, tenant)).map(oldest -> HourlyRollupRepository.hourOf(oldest.minus(sightingReach)))
                        .orElse(EVERY_HOUR);
                hoursDeleted += inBatches(heartbeat, () -> hours.deleteBefore(table, tenant, online, batchRows));
            }
        }
        Pass pass = new Pass(cutoff, hoursFilled, pointsDeleted, hoursDeleted, Duration.ofNanos(System.nanoTime() - started).toMillis());
        LOG.infof("raw window: %s", pass);
        return pass;
    }

    /**
     * Writes the hours missing among the points about to leave the window, a day of points at a time: those of a scan run
     * that retention archived and a user restored, whose hours went with the archiving, so that its points become hours
     * like every other's before they go.
     */
    private long fillMissingHours(Runnable heartbeat, PerformanceTable table, long tenant, Instant cutoff) {
        long filled = 0;
        Optional<Instant> first = await(points.firstPoint(table, tenant, Instant.EPOCH, cutoff));
        while (first.isPresent()) {
            heartbeat.run();
            Instant from = HourlyRollupRepository.hourOf(first.get());
            Instant dayLater = from.plus(Duration.ofDays(1));
            Instant to = dayLater.isBefore(cutoff) ? dayLater : cutoff;
            filled += await(hours.fillMissing(table, tenant, from, to));
            first = await(points.firstPoint(table, tenant, to, cutoff));
        }
        return filled;
    }

    private long inBatches(Runnable heartbeat, Supplier<Uni<Integer>> batch) {
        long deleted = 0;
        int last;
        do {
            heartbeat.run();
            last = await(batch.get());
            deleted += last;
        } while (last == batchRows);
        return deleted;
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    /**
     * What a pass did: the hours it wrote for points before {@code cutoff} that had none, those points deleted, and the
     * hours no online scan accounts for.
     */
    public record Pass(Instant cutoff, long hoursFilled, long pointsDeleted, long hoursDeleted, long millis) {
    }
}
