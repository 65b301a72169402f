package io.clouddiagnoze.contracts.events;

import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import java.time.Instant;
import java.util.List;

/**
 * One batch of resources a scanner found in one region; a scan run's batches are numbered from 0 so
 * that a redelivered or reordered batch can be recognised.
 */
public record ResourcesDiscovered(
        long scanRunId,
        long tenantId,
        ServiceType service,
        String region,
        int batchSequence,
        List<DiscoveredResource> resources,
        Instant discoveredAt) implements ScanEvent {

    public ResourcesDiscovered {
        resources = List.copyOf(resources);
    }
}
