package io.clouddiagnoze.scanner.scan;

import io.clouddiagnoze.contracts.events.ScanResult;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What this scanner instance did, on {@code /q/metrics}: scans finished (by service and status) and the resources
 * it sent, counted once their result is on the broker. Summed over instances they give a scanner group's work.
 */
@ApplicationScoped
public class ScannerMetrics {
    private final MeterRegistry registry;

    ScannerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void finished(ScanResult result) {
        String service = result.service().id();
        registry.counter("clouddiagnoze.scans.scanned", "service", service, "status", result.status().name().toLowerCase())
                .increment();
        registry.counter("clouddiagnoze.resources.emitted", "service", service).increment(result.resourceCount());
    }
}
