package io.clouddiagnoze.scanner.messaging;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.events.ScanEventHandler;
import io.clouddiagnoze.scanner.scan.ScanRunner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes this scanner's {@code scan-requests.<service>} topic; a refused request is dead-lettered and not scanned. A
 * request carries, beside its own token, the token its scan's events go out under (both verified by the handler).
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
        // The action runs only once the handler has verified both tokens.
        return handler.handle(record, EventType.SCAN_REQUESTED, ScanRequested.class, request -> runner.scan(request,
                new String(record.headers().lastHeader(EventHeaders.TENANT_TOKEN).value(), StandardCharsets.UTF_8)));
    }
}
