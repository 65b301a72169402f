package io.clouddiagnoze.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.clouddiagnoze.contracts.TenantEvent;
import io.clouddiagnoze.contracts.FieldLimits;
import java.time.Instant;
import java.util.Map;

/**
 * A tenant's finding opened, resolved, muted or unmuted: published by scan-orchestrator from an outbox written in the
 * transaction that made the change, with the finding as the API shows it when the event is sent (so a finding opened and
 * muted before the first event left carries its mute in both).
 *
 * @param sequence increases with the changes: events are sent mostly in this order, but a retried send or a second
 *     instance's relay can pass one; a consumer that needs the order of a finding's changes sorts them by it
 * @param changedAt when the change was made: a scan's changes at the time the scan was requested
 * @param resourceTags the tags of the finding's resource as the scan that last saw it found them (empty: none, or an
 *     event of an older orchestrator)
 */
public record FindingChanged(long sequence, long tenantId, Change change, Instant changedAt, Finding finding,
                             Map<String, String> resourceTags) implements TenantEvent {

    public FindingChanged {
        resourceTags = FieldLimits.fitTags(resourceTags);
    }

    public enum Change {
        @JsonProperty("opened") OPENED,
        @JsonProperty("resolved") RESOLVED,
        @JsonProperty("muted") MUTED,
        @JsonProperty("unmuted") UNMUTED
    }
}
