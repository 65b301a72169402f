package io.clouddiagnoze.orchestrator.model;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.Finding.Mute;
import io.clouddiagnoze.orchestrator.resources.FindingCheck.Severity;
import java.time.Instant;
import java.util.Map;

/** A finding as the findings table holds it; {@code mute} only while it is muted. */
public record StoredFinding(long id, long tenantId, String checkId, ServiceType service, String region, String resourceId,
                            Severity severity, String status, Map<String, Object> evidence, Instant firstSeenAt,
                            Long firstSeenScanRunId, Instant lastSeenAt, Long lastSeenScanRunId, Instant resolvedAt,
                            Long resolvedScanRunId, Mute mute) {
}
