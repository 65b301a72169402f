package io.clouddiagnoze.contracts.events;

import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.ServiceType;
import java.time.Instant;
import java.util.List;

/**
 * Asks one scanner to scan one tenant's account for one service; published to
 * {@code scan-requests.<service>}.
 *
 * @param regions the regions to scan; empty means every region enabled in the account
 */
public record ScanRequested(
        long scanRunId,
        long tenantId,
        ServiceType service,
        String roleArn,
        String externalId,
        List<String> regions,
        Instant requestedAt) implements ScanEvent {

    public ScanRequested {
        regions = List.copyOf(regions);
    }
}
