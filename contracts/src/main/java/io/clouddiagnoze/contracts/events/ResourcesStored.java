package io.clouddiagnoze.contracts.events;

import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.ServiceType;
import java.time.Instant;
import java.util.List;

/**
 * One batch of a scan run's resources, stored: published by scan-orchestrator once the batch's transaction has
 * committed, with the row id each resource got, so that what follows a scan (metrics) starts from rows that exist.
 *
 * @param batchSequence the sequence of the {@link ResourcesDiscovered} batch these resources came in
 * @param discoveredAt when the scanner found them
 */
public record ResourcesStored(
        long scanRunId,
        long tenantId,
        ServiceType service,
        int batchSequence,
        List<StoredResource> resources,
        Instant discoveredAt) implements ScanEvent {

    public ResourcesStored {
        resources = List.copyOf(resources);
    }

    /**
     * A stored resource: its row in the service's resource table, and the natural id and region it is known by in AWS.
     */
    public record StoredResource(long id, String region, String naturalId) {
    }
}
