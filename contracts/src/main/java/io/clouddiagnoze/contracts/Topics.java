package io.clouddiagnoze.contracts;

/** Kafka topic names: a public interface that downstream analytics consume. */
public final class Topics {
    /** Prefix of the per-service request topics; see {@link #scanRequests(ServiceType)}. */
    public static final String SCAN_REQUESTS_PREFIX = "scan-requests.";
    public static final String RESOURCES_DISCOVERED = "resources-discovered";
    public static final String SCAN_RESULTS = "scan-results";
    /** Written by scan-orchestrator only: the batches it has stored, with their row ids. */
    public static final String RESOURCES_STORED = "resources-stored";
    public static final String RESOURCE_CHANGES = "resource-changes";
    /** Written by scan-orchestrator only: each finding opened, resolved, muted or unmuted. */
    public static final String FINDINGS_CHANGED = "findings-changed";
    public static final String DEAD_LETTER = "dead-letter";

    private Topics() {
    }

    /** The topic one scanner consumes, e.g. {@code scan-requests.ec2}. */
    public static String scanRequests(ServiceType service) {
        return SCAN_REQUESTS_PREFIX + service.id();
    }
}
