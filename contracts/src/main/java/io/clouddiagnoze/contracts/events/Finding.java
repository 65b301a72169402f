package io.clouddiagnoze.contracts.events;

import io.clouddiagnoze.contracts.ServiceType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One resource failing one security check, from the scan that first saw it to the one that resolved it (if one has):
 * what {@code GET /api/findings} lists and what a {@link FindingChanged} event carries.
 *
 * @param resourceId the natural id (instance id, bucket name, VPC id, DB identifier)
 * @param status {@code open}, {@code muted} or {@code resolved}
 * @param compliance the controls of compliance frameworks the check answers
 * @param evidence the fields that made the resource fail, as last seen, under their API names
 * @param mute why, until when and by whom it is muted; only while it is
 */
public record Finding(
        long id,
        String checkId,
        String title,
        String severity,
        ServiceType service,
        String resourceId,
        String region,
        String status,
        Instant firstSeenAt,
        Long firstSeenScanRunId,
        Instant lastSeenAt,
        Long lastSeenScanRunId,
        Instant resolvedAt,
        Long resolvedScanRunId,
        String remediation,
        List<Control> compliance,
        Map<String, Object> evidence,
        Mute mute) {

    public Finding {
        compliance = List.copyOf(compliance);
    }

    /** A control of a compliance framework, such as {@code cis-aws-foundations} 2.1.4. */
    public record Control(String framework, String control) {
    }

    /** Why a finding is muted, until when, by which user, since when. */
    public record Mute(String reason, Instant until, Long by, Instant at) {
    }
}
