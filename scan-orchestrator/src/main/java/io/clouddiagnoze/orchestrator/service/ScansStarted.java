package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.orchestrator.model.ScanRun;
import java.util.List;

/** Scan runs just committed in progress, whose requests may go out now rather than at the relay's next tick. */
public record ScansStarted(List<ScanRun> runs) {
}
