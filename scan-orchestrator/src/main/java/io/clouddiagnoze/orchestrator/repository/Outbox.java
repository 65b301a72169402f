package io.clouddiagnoze.orchestrator.repository;

import io.clouddiagnoze.orchestrator.model.ScanRun.Status;
import java.time.Duration;

/**
 * What the relays publish from the scan runs, whose table is their outbox: a run waits in an outbox while it is in the
 * outbox's status and its {@code published} column is not set. A relay's claim on a run lasts the outbox's lease.
 */
public enum Outbox {
    /** Scan requests: a round sends at most 100, each one small, in well under a second. */
    REQUESTS("request_published_at", Status.IN_PROGRESS, Duration.ofSeconds(30)),
    /** Resource changes: a run of 100,000 resources has as many events, tens of seconds of sending. */
    CHANGES("changes_published_at", Status.SUCCESS, Duration.ofMinutes(5));

    final String published;
    final String pending;
    final Duration lease;

    Outbox(String published, Status status, Duration lease) {
        this.published = published;
        this.pending = published + " IS NULL AND status = '" + status.id() + "'";
        this.lease = lease;
    }
}
