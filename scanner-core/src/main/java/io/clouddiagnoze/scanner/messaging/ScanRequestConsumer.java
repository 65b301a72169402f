package io.clouddiagnoze.scanner.messaging;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.events.RejectedEvent;
import io.clouddiagnoze.events.ScanEventHandler;
import io.clouddiagnoze.scanner.scan.ScanRunner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes this scanner's {@code scan-requests.<service>} topic; a refused request is dead-lettered and not scanned. A
 * request carries, beside its own token, the token its scan's events go out under; without one it is refused.
 */
@ApplicationScoped
public class ScanRequestConsumer {
    private final ScanEventHandler handler;
    private final ScanRunner runner;

    ScanRequestConsumer(ScanEventHandler handler, ScanRunner runner) {
        this.handler = handler;
        this.runner = runner;
    }

    @Incoming("scan-requests")
    public Uni<Void> onRequest(ConsumerRecord<String, byte[]> record) {
        var token = record.headers().lastHeader(EventHeaders.TENANT_TOKEN);
        String eventsToken = token == null || token.value() == null ? null : new String(token.value(), StandardCharsets.UTF_8);
        return handler.handle(record, EventType.SCAN_REQUESTED, ScanRequested.class, request -> {
            if (eventsToken == null || eventsToken.isBlank()) {
                throw new RejectedEvent("no tenant token for the scan's events: not scanned");
            }
            return runner.scan(request, eventsToken);
        });
    }
}
