package io.clouddiagnoze.events;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.EventSchemas;
import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.TenantEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads an event from a Kafka record, refusing it unless it is the expected type and version, valid against its schema
 * and keyed by its tenant; a scan event must also carry a scan token that names it ({@link ScanTokenVerifier}).
 */
@ApplicationScoped
public class EventReader {
    private static final int MAX_VIOLATIONS_SHOWN = 5;
    private final ScanTokenVerifier tokens;

    EventReader(ScanTokenVerifier tokens) {
        this.tokens = tokens;
    }

    public <T extends Record & ScanEvent> T read(ConsumerRecord<String, byte[]> record, EventType type, Class<T> eventClass)
            throws RejectedEvent {
        T event = readUnsigned(record, type, eventClass);
        tokens.verify(record, event);
        return event;
    }

    /**
     * Reads an event of a topic that carries no scan token ({@code findings-changed}, {@code resource-changes}): only
     * scan-orchestrator may write those (their ACLs), and nothing read from them may start or feed a scan.
     */
    public <T extends Record & TenantEvent> T readUnsigned(ConsumerRecord<String, byte[]> record, EventType type,
                                                           Class<T> eventClass) throws RejectedEvent {
        String ceType = header(record, EventHeaders.CE_TYPE);
        if (!type.ceType().equals(ceType)) {
            throw new RejectedEvent("expected ce_type " + type.ceType() + " but got " + ceType);
        }
        if (record.value() == null) {
            throw new RejectedEvent("the record has no value");
        }
        String json = new String(record.value(), StandardCharsets.UTF_8);
        List<String> violations = EventSchemas.violations(type, json);
        if (!violations.isEmpty()) {
            String shown = String.join("; ", violations.subList(0, Math.min(MAX_VIOLATIONS_SHOWN, violations.size())));
            int more = violations.size() - MAX_VIOLATIONS_SHOWN;
            throw new RejectedEvent("not a valid " + type.ceType() + ": " + shown + (more > 0 ? " (and " + more + " more)" : ""));
        }
        T event;
        try {
            event = EventCodec.decode(record.value(), eventClass);
        } catch (IOException e) {
            throw new RejectedEvent("not a valid " + type.ceType() + ": " + e.getMessage());
        }
        if (!String.valueOf(event.tenantId()).equals(record.key())) {
            throw new RejectedEvent("record key " + record.key() + " is not the event's tenant " + event.tenantId());
        }
        return event;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
