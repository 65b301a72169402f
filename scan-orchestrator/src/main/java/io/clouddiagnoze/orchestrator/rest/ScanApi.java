package io.clouddiagnoze.orchestrator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The request and response bodies of the scan API. */
public final class ScanApi {
    private ScanApi() {
    }

    /**
     * What to scan; both optional.
     *
     * @param services ec2, s3, vpc, rds; absent: all four
     * @param regions region names; absent or empty: every region enabled in the account
     */
    public record StartScanRequest(@Size(min = 1, max = 4) List<String> services, @Size(max = 40) List<String> regions) {
    }

    /** Which tenants the scheduler scans; absent or empty: every tenant that has a role. */
    public record ScheduledScanRequest(@Size(max = 10_000) List<Long> tenantIds) {
    }

    /**
     * A scan run as its tenant sees it. An archived run keeps its status and counts; {@code archived} says that its
     * resources are in the archive ({@code POST /api/scans/{id}/restore} brings them back), since {@code archivedAt}.
     */
    public record ScanRunView(long id, String service, String status, Instant scanTimestamp, Instant finishedAt,
                              int totalResources, List<String> requestedRegions, JsonNode regionOutcomes, String error,
                              boolean archived, Instant archivedAt) {
        public static ScanRunView of(ScanRun run) {
            return new ScanRunView(run.id(), run.service().id(), run.status().id(), run.scanTimestamp(), run.finishedAt(),
                    run.totalResources(), run.requestedRegions(), run.regionOutcomes(), run.error(), run.archivedAt() != null,
                    run.archivedAt());
        }
    }

    /** One page of a listing. */
    public record PageView<T>(List<T> items, int page, int size, long total) {
    }
}
