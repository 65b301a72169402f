package io.clouddiagnoze.orchestrator.model;

import java.time.Instant;

/** One step of a finding's mutes: muted, unmuted, expired or evidence_changed (CloudDiagnoze's: no actor). */
public record MuteEvent(String action, Long actor, String reason, Instant until, Instant at) {
}
