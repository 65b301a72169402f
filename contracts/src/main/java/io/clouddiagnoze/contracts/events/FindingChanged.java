package io.clouddiagnoze.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A tenant's finding opened, resolved, muted or unmuted: published by scan-orchestrator from an outbox written in the
 * transaction that made the change, in the order of the changes, with the finding as the API shows it when the event is
 * sent (so a finding opened and muted before the first event left carries its mute in both).
 */
public record FindingChanged(long tenantId, Change change, Instant changedAt, Finding finding) {

    public enum Change {
        @JsonProperty("opened") OPENED,
        @JsonProperty("resolved") RESOLVED,
        @JsonProperty("muted") MUTED,
        @JsonProperty("unmuted") UNMUTED
    }
}
