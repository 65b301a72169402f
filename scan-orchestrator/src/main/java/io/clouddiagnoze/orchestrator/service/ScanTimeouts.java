package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Ends every scan run that has had no news for {@code clouddiagnoze.scan.timeout}: no run stays in progress for ever. */
@ApplicationScoped
public class ScanTimeouts {
    private static final Logger LOG = Logger.getLogger(ScanTimeouts.class);

    private final ScanRunRepository runs;
    private final Duration timeout;
    private final ScanMetrics metrics;

    ScanTimeouts(ScanRunRepository runs, ScanMetrics metrics,
                 @ConfigProperty(name = "clouddiagnoze.scan.timeout", defaultValue = "PT15M") Duration timeout) {
        this.runs = runs;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    @Scheduled(every = "${clouddiagnoze.scan.timeout-check:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> timeOutSilentRuns() {
        return runs.timeOut(timeout)
                .invoke(count -> {
                    if (count > 0) {
                        metrics.timedOut(count);
                        LOG.warnf("%d scan runs timed out after %d s without news", count, timeout.toSeconds());
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("cannot check for timed-out scans now: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
