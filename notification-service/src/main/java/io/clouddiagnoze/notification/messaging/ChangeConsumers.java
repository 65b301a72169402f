package io.clouddiagnoze.notification.messaging;

import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.events.ScanEventHandler;
import io.clouddiagnoze.notification.service.AlertIntake;
import io.clouddiagnoze.notification.service.Alerts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the findings opened or resolved and the resources changed, and stores the deliveries their tenant's rules
 * make; a record that cannot be read goes to the dead-letter topic with the reason (ScanEventHandler).
 */
@ApplicationScoped
public class ChangeConsumers {
    private final ScanEventHandler handler;
    private final Alerts alerts;
    private final AlertIntake intake;

    ChangeConsumers(ScanEventHandler handler, Alerts alerts, AlertIntake intake) {
        this.handler = handler;
        this.alerts = alerts;
        this.intake = intake;
    }

    @Incoming("findings-changed")
    public Uni<Void> onFinding(ConsumerRecord<String, byte[]> record) {
        return handler.handleUnsigned(record, EventType.FINDING_CHANGED, FindingChanged.class, event -> intake.take(alerts.of(event)));
    }

    @Incoming("resource-changes")
    public Uni<Void> onResource(ConsumerRecord<String, byte[]> record) {
        return handler.handleUnsigned(record, EventType.RESOURCE_CHANGED, ResourceChanged.class, event -> intake.take(alerts.of(event)));
    }
}
