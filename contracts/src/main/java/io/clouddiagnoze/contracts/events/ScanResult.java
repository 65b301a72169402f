package io.clouddiagnoze.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.clouddiagnoze.contracts.FieldLimits;
import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.ServiceType;
import java.time.Instant;
import java.util.List;

/**
 * The end of one scan run as the scanner saw it: how many resources (in how many batches) it
 * emitted and each region's outcome. The run is complete once that many resources are stored.
 */
public record ScanResult(
        long scanRunId,
        long tenantId,
        ServiceType service,
        Status status,
        long resourceCount,
        int batchCount,
        List<RegionOutcome> regions,
        String error,
        Instant finishedAt) implements ScanEvent {

    public ScanResult {
        regions = List.copyOf(regions);
        error = FieldLimits.fit(error, FieldLimits.ERROR_DETAIL);
    }

    /** How the scan as a whole ended; {@code error} when any region failed or nothing could be read. */
    public enum Status {
        @JsonProperty("success") SUCCESS,
        @JsonProperty("error") ERROR
    }
}
