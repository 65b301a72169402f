package io.clouddiagnoze.metrics.messaging;

import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.events.ScanEventHandler;
import io.clouddiagnoze.metrics.collect.MetricCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes the batches of resources scan-orchestrator has stored, and collects their metrics. */
@ApplicationScoped
public class StoredBatchConsumer {
    private final ScanEventHandler handler;
    private final MetricCollection collection;

    StoredBatchConsumer(ScanEventHandler handler, MetricCollection collection) {
        this.handler = handler;
        this.collection = collection;
    }

    @Incoming("resources-stored")
    public Uni<Void> onResources(ConsumerRecord<String, byte[]> record) {
        return handler.handle(record, EventType.RESOURCES_STORED, ResourcesStored.class, collection::collect);
    }
}
