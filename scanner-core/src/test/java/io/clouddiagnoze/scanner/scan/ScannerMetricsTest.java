package io.clouddiagnoze.scanner.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the scans and resources a scanner reports on its metrics endpoint. */
class ScannerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScannerMetrics metrics = new ScannerMetrics(registry);

    @Test
    void finishedScansAreCountedByServiceAndStatusAndTheirResourcesSummed() {
        metrics.finished(result(ScanResult.Status.SUCCESS, 120));
        metrics.finished(result(ScanResult.Status.SUCCESS, 30));
        metrics.finished(result(ScanResult.Status.ERROR, 5));

        assertThat(scans("success")).isEqualTo(2);
        assertThat(scans("error")).isEqualTo(1);
        assertThat(registry.get("clouddiagnoze.resources.emitted").tag("service", "ec2").counter().count()).isEqualTo(155);
    }

    private double scans(String status) {
        return registry.get("clouddiagnoze.scans.scanned").tags("service", "ec2", "status", status).counter().count();
    }

    private static ScanResult result(ScanResult.Status status, long resources) {
        return new ScanResult(42, 7, ServiceType.EC2, status, resources, 1, List.of(), null, Instant.now());
    }
}
