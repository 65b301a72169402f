package io.clouddiagnoze.metrics.messaging;

import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.events.ScanEventHandler;
import io.clouddiagnoze.metrics.collect.MetricCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes the scanners' batches of resources (in its own consumer group) and collects their metrics. */
@ApplicationScoped
public class ResourceEventConsumer {
    private final ScanEventHandler handler;
    private final MetricCollection collection;

    ResourceEventConsumer(ScanEventHandler handler, MetricCollection collection) {
        this.handler = handler;
        this.collection = collection;
    }

    @Incoming("resources-discovered")
    public Uni<Void> onResources(ConsumerRecord<String, byte[]> record) {
        return handler.handle(record, EventType.RESOURCES_DISCOVERED, ResourcesDiscovered.class, collection::collect);
    }
}
