package io.clouddiagnoze.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.clouddiagnoze.contracts.FieldLimits;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A resource that appeared, changed or disappeared between a tenant's previous successful scan of a
 * service and this one; published once the new scan run is complete.
 *
 * @param resourceId the natural id (instance id, bucket name, VPC id, DB identifier)
 * @param previousScanRunId the scan compared against; null when this is the first scan
 * @param fields the fields that changed (empty for added and removed resources)
 * @param tags the resource's tags as this scan found them, or as the previous one did for a removed resource (empty:
 *     none, or an event of an older orchestrator)
 */
public record ResourceChanged(
        long scanRunId,
        Long previousScanRunId,
        long tenantId,
        ServiceType service,
        String region,
        String resourceId,
        Change change,
        List<FieldChange> fields,
        Instant detectedAt,
        Map<String, String> tags) implements TenantEvent {

    public ResourceChanged {
        fields = List.copyOf(fields);
        tags = FieldLimits.fitTags(tags);
    }

    public enum Change {
        @JsonProperty("added") ADDED,
        @JsonProperty("changed") CHANGED,
        @JsonProperty("removed") REMOVED
    }
}
