package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.events.ScanEventHandler;
import io.clouddiagnoze.orchestrator.service.ScanIngestion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes what the scanners emit: batches of resources and the result of each scan run. */
@ApplicationScoped
public class ScanEventConsumers {
    private final ScanEventHandler handler;
    private final ScanIngestion ingestion;

    ScanEventConsumers(ScanEventHandler handler, ScanIngestion ingestion) {
        this.handler = handler;
        this.ingestion = ingestion;
    }

    @Incoming("resources-discovered")
    public Uni<Void> onResources(ConsumerRecord<String, byte[]> record) {
        return handler.handle(record, EventType.RESOURCES_DISCOVERED, ResourcesDiscovered.class, ingestion::apply);
    }

    @Incoming("scan-results")
    public Uni<Void> onResult(ConsumerRecord<String, byte[]> record) {
        return handler.handle(record, EventType.SCAN_RESULT, ScanResult.class, ingestion::apply);
    }
}
