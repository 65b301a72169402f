package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.model.RunState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What scans do, on {@code /q/metrics}: runs started and finished (by service and status, timed-out runs
 * counted apart), how long a run took from request to close, and the resources ingested. Counted once the
 * transaction that made them has committed.
 */
@ApplicationScoped
public class ScanMetrics {
    private final MeterRegistry registry;

    ScanMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(List<ScanRun> runs) {
        runs.forEach(run -> registry.counter("clouddiagnoze.scans.started", "service", run.service().id()).increment());
    }

    void closed(RunState run) {
        registry.counter("clouddiagnoze.scans.finished", "service", run.service().id(), "status", run.scannerStatus().id()).increment();
        Timer.builder("clouddiagnoze.scans.duration").tag("service", run.service().id())
                .description("from the scan request to the run's close").register(registry)
                .record(Duration.between(run.scanTimestamp(), Instant.now()));
    }

    void timedOut(int runs) {
        registry.counter("clouddiagnoze.scans.timed.out").increment(runs);
    }

    void ingested(ServiceType service, int resources) {
        registry.counter("clouddiagnoze.resources.ingested", "service", service.id()).increment(resources);
    }
}
