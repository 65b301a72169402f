package io.clouddiagnoze.orchestrator.messaging;

/** The CloudEvents {@code ce_source} of every event scan-orchestrator publishes. */
final class EventSource {
    static final String SCAN_ORCHESTRATOR = "/clouddiagnoze/scan-orchestrator";

    private EventSource() {
    }
}
