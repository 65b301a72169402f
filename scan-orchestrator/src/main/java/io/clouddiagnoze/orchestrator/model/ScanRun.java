package io.clouddiagnoze.orchestrator.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.contracts.ServiceType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One scan of one service in one tenant's account: the receipt that its resources hang from, as its tenant sees it.
 *
 * @param requestedRegions the regions asked for; empty: every region enabled in the account
 * @param regionOutcomes the scanner's outcome per region, once it has sent its result
 * @param archivedAt when the retention job archived it; null while it is online
 */
public record ScanRun(long id, long tenantId, ServiceType service, Status status, Instant scanTimestamp, Instant finishedAt,
                      int totalResources, List<String> requestedRegions, JsonNode regionOutcomes, String error, Instant archivedAt) {

    /** Where a run is in its life, named as the table's ENUM names it. */
    public enum Status {
        IN_PROGRESS("in_progress"), SUCCESS("success"), ERROR("error");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<Status> fromId(String id) {
            return Arrays.stream(values()).filter(status -> status.id.equals(id)).findFirst();
        }
    }

    /** What names a run where nothing else of it is needed: its id, tenant and service. */
    public record Ref(long id, long tenantId, ServiceType service) {
    }

    public Ref ref() {
        return new Ref(id, tenantId, service);
    }
}
