package io.clouddiagnoze.events;

import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.TenantEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one way a service consumes a scan event: read and verify it, act on it, and send it to the dead-letter topic
 * when it is refused (by the reader or by the action, with {@link RejectedEvent}). Any other failure, such as the
 * database being away, is retried with back-off for the retry window; a record still failing then goes to the
 * dead-letter topic with its last failure, so that no record holds up its consumer's partitions for longer than the
 * window, and no consumer ever stops for one record. The record is acknowledged only once one of these has ended.
 * An attempt that has not ended within its deadline counts as failed and is retried too: an answer lost on the way (a
 * database connection dropped mid-call) must not hold up the partition for good, and the actions are idempotent, so
 * an attempt that did complete unseen is harmless to repeat.
 * Once read, the event's scan run and tenant are in the log context (MDC) of the work done for it. Events of the topics
 * that carry no scan token are handled the same way ({@link #handleUnsigned}).
 */
@ApplicationScoped
public class ScanEventHandler {
    private static final Logger LOG = Logger.getLogger(ScanEventHandler.class);
    /** Log context of everything done for the event (a field of every JSON log line). */
    private static final String SCAN_RUN = "scanRunId";
    private static final String TENANT = "tenantId";

    private final EventReader reader;
    private final DeadLetters deadLetters;
    private final Duration retryWindow;
    private final Duration attemptDeadline;

    ScanEventHandler(EventReader reader, DeadLetters deadLetters,
                     @ConfigProperty(name = "clouddiagnoze.events.retry-window", defaultValue = "PT2M") Duration retryWindow,
                     @ConfigProperty(name = "clouddiagnoze.events.attempt-deadline", defaultValue = "PT30S")
                     Duration attemptDeadline) {
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.retryWindow = retryWindow;
        this.attemptDeadline = attemptDeadline;
    }

    public <T extends Record & ScanEvent> Uni<Void> handle(ConsumerRecord<String, byte[]> record, EventType type,
                                                           Class<T> eventClass, Function<T, Uni<Void>> action) {
        return handle(record, () -> reader.read(record, type, eventClass), action);
    }

    /** The same for an event of a topic that carries no scan token ({@link EventReader#readUnsigned}). */
    public <T extends Record & TenantEvent> Uni<Void> handleUnsigned(ConsumerRecord<String, byte[]> record, EventType type,
                                                                     Class<T> eventClass, Function<T, Uni<Void>> action) {
        return handle(record, () -> reader.readUnsigned(record, type, eventClass), action);
    }

    private <T extends TenantEvent> Uni<Void> handle(ConsumerRecord<String, byte[]> record, Supplier<T> reading,
                                                     Function<T, Uni<Void>> action) {
        Uni<T> event = Uni.createFrom().item(() -> {
            MDC.remove(SCAN_RUN);
            MDC.remove(TENANT);
            T read = reading.get();
            if (read instanceof ScanEvent scan) {
                MDC.put(SCAN_RUN, scan.scanRunId());
            }
            MDC.put(TENANT, read.tenantId());
            return read;
        });
        // What failed last, for the dead letter: the retry itself ends with a failure of its own that says only that.
        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        return event.flatMap(action::apply)
                .ifNoItem().after(attemptDeadline).failWith(() -> new TimeoutException("no outcome within " + attemptDeadline))
                .onFailure(failure -> !(failure instanceof RejectedEvent))
                .invoke(failure -> {
                    LOG.warnf("cannot handle %s-%d@%d yet, retrying: %s", record.topic(), record.partition(), record.offset(),
                            failure.toString());
                    lastFailure.set(failure);
                })
                .onFailure(failure -> !(failure instanceof RejectedEvent))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).expireIn(retryWindow.toMillis())
                .onFailure(RejectedEvent.class).recoverWithUni(rejected -> deadLetters.send(record, rejected.getMessage()))
                .onFailure().recoverWithUni(failure -> deadLetters.send(record, "still failing after the retry window ("
                        + retryWindow + "): " + (lastFailure.get() == null ? failure : lastFailure.get())));
    }
}
