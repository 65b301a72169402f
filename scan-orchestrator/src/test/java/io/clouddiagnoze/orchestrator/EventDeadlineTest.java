package io.clouddiagnoze.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.events.ScanEventHandler;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * An attempt at an event whose outcome never comes (as when the database connection it waited on was dropped and the
 * driver lost the answer) must not hold its partition for good: after the deadline it is retried, and the event is
 * handled.
 */
@QuarkusTest
class EventDeadlineTest {
    @Inject
    ScanEventHandler handler;

    @Test
    void anAttemptWithoutOutcomeIsRetriedAfterTheDeadline() {
        long tenant = 7001;
        long scanRun = 9001;
        ScanResult result = new ScanResult(scanRun, tenant, ServiceType.S3, ScanResult.Status.SUCCESS, 0, 0,
                List.of(new RegionOutcome("us-east-1", RegionOutcome.Outcome.OK, 0, null)), null, Instant.now());
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.SCAN_RESULTS, 0, 17L, ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE, ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, String.valueOf(tenant),
                EventCodec.encode(result), TestEvents.headers(EventType.SCAN_RESULT.ceType(), TestTokens.scanEvents(tenant, scanRun, ServiceType.S3)),
                Optional.empty());
        AtomicInteger attempts = new AtomicInteger();

        long start = System.nanoTime();
        handler.handle(record, EventType.SCAN_RESULT, ScanResult.class,
                        event -> attempts.incrementAndGet() == 1 ? Uni.createFrom().nothing() : Uni.createFrom().voidItem())
                .await().atMost(Duration.ofSeconds(30));

        assertThat(attempts).hasValue(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
}
