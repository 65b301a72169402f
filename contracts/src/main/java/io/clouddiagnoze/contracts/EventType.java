package io.clouddiagnoze.contracts;

import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.events.ScanResult;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every event CloudDiagnoze publishes: its CloudEvents type (which carries the version), the record
 * that holds it and the JSON Schema file that describes it for downstream consumers.
 */
public enum EventType {
    SCAN_REQUESTED("io.clouddiagnoze.scan.requested.v1", ScanRequested.class, "scan-requested.v1.json"),
    RESOURCES_DISCOVERED("io.clouddiagnoze.resources.discovered.v1", ResourcesDiscovered.class,
            "resources-discovered.v1.json"),
    RESOURCES_STORED("io.clouddiagnoze.resources.stored.v1", ResourcesStored.class, "resources-stored.v1.json"),
    SCAN_RESULT("io.clouddiagnoze.scan.result.v1", ScanResult.class, "scan-result.v1.json"),
    RESOURCE_CHANGED("io.clouddiagnoze.resource.changed.v1", ResourceChanged.class, "resource-changed.v1.json"),
    FINDING_CHANGED("io.clouddiagnoze.finding.changed.v1", FindingChanged.class, "finding-changed.v1.json"),
    DEAD_LETTER("io.clouddiagnoze.dead-letter.v1", DeadLetter.class, "dead-letter.v1.json");

    private final String ceType;
    private final Class<? extends Record> recordType;
    private final String schemaFile;

    EventType(String ceType, Class<? extends Record> recordType, String schemaFile) {
        this.ceType = ceType;
        this.recordType = recordType;
        this.schemaFile = schemaFile;
    }

    /** The value of the {@code ce_type} header. */
    public String ceType() {
        return ceType;
    }

    public Class<? extends Record> recordType() {
        return recordType;
    }

    /** Classpath resource of the event's JSON Schema. */
    public String schemaResource() {
        return "/schemas/" + schemaFile;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    public static EventType of(Record event) {
        return Arrays.stream(values()).filter(t -> t.recordType == event.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event: " + event.getClass().getName()));
    }
}
