package io.clouddiagnoze.orchestrator.model;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.ScanRun.Status;
import java.time.Instant;

/**
 * What ingestion needs to know of a run it has locked: whose and of which service it is, whether it is still in
 * progress, and the scanner's verdict and count once its result has come.
 */
public record RunState(long id, long tenantId, ServiceType service, Status status, Instant scanTimestamp,
                       Status scannerStatus, Long expectedResources) {

    public boolean inProgress() {
        return status == Status.IN_PROGRESS;
    }

    /** The same run with the scanner's verdict and count, as they are being recorded. */
    public RunState withResult(Status scannerStatus, Long expectedResources) {
        return new RunState(id, tenantId, service, status, scanTimestamp, scannerStatus, expectedResources);
    }
}
