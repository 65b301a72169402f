package io.clouddiagnoze.testsupport;

import static org.awaitility.Awaitility.await;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Drives a scanner under test as scan-orchestrator would: puts scan requests on its topic and reads back
 * the batches, the result and any dead letter of each scan run from the real broker.
 */
public final class ScannerHarness implements AutoCloseable {
    private static final AtomicLong NEXT_RUN = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);

    private final TestEvents events;
    private final KafkaCompanion companion;
    private final ConsumerTask<String, byte[]> batches;
    private final ConsumerTask<String, byte[]> results;
    private final ConsumerTask<String, byte[]> deadLetters;

    public ScannerHarness(String bootstrapServers) {
        this.events = new TestEvents(bootstrapServers);
        this.companion = new KafkaCompanion(bootstrapServers);
        this.batches = companion.consume(String.class, byte[].class).fromTopics(Topics.RESOURCES_DISCOVERED);
        this.results = companion.consume(String.class, byte[].class).fromTopics(Topics.SCAN_RESULTS);
        this.deadLetters = companion.consume(String.class, byte[].class).fromTopics(Topics.DEAD_LETTER);
    }

    /** A scan run id no other test uses. */
    public static long newRun() {
        return NEXT_RUN.incrementAndGet();
    }

    /** Requests a scan with valid tokens, as scan-orchestrator signs them; returns the request sent. */
    public ScanRequested request(ServiceType service, long tenant, long run, String roleArn, String externalId,
                                 List<String> regions) {
        return request(service, tenant, run, roleArn, externalId, regions,
                TestTokens.scanRequest(tenant, run, service, roleArn, externalId));
    }

    public ScanRequested request(ServiceType service, long tenant, long run, String roleArn, String externalId,
                                 List<String> regions, String requestToken) {
        return send(new ScanRequested(run, tenant, service, roleArn, externalId, regions, Instant.now()), requestToken);
    }

    /** Sends {@code request} as scan-orchestrator would, with {@code requestToken} and a valid token for its events. */
    public ScanRequested send(ScanRequested request, String requestToken) {
        events.send(Topics.scanRequests(request.service()), String.valueOf(request.tenantId()), request, Map.of(
                EventHeaders.REQUEST_TOKEN, requestToken,
                EventHeaders.TENANT_TOKEN, TestTokens.scanEvents(request.tenantId(), request.scanRunId(), request.service())));
        return request;
    }

    /** The run's result, once it has come. */
    public ScanResult awaitResult(long run, Duration atMost) {
        return await().atMost(atMost).until(() -> decoded(results, ScanResult.class).stream()
                .filter(r -> r.scanRunId() == run).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** Every batch of the run received so far. */
    public List<ResourcesDiscovered> batches(long run) {
        return decoded(batches, ResourcesDiscovered.class).stream().filter(b -> b.scanRunId() == run).toList();
    }

    /** Every resource of the run's batches received so far. */
    public List<DiscoveredResource> resources(long run) {
        return batches(run).stream().flatMap(batch -> batch.resources().stream()).toList();
    }

    /** The dead letter whose payload mentions {@code marker}, once it has come. */
    public DeadLetter awaitDeadLetter(String marker, Duration atMost) {
        return await().atMost(atMost).until(() -> decoded(deadLetters, DeadLetter.class).stream()
                .filter(l -> l.payload() != null && l.payload().contains(marker)).findFirst(), Optional::isPresent).orElseThrow();
    }

    /**
     * The task's events, one delivered twice counted once: Kafka delivers at least once, and the platform's consumers take
     * a batch again without effect. A CI run saw a scanner log one scan of 3 batches while this harness held each of them
     * twice. Events that differ stay apart: a resource in two batches, or a scan run twice (its batches' discoveredAt).
     */
    private static <T extends Record> List<T> decoded(ConsumerTask<String, byte[]> task, Class<T> type) {
        return task.getRecords().stream().map(ConsumerRecord::value).map(value -> {
            try {
                return EventCodec.decode(value, type);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().toList();
    }

    @Override
    public void close() {
        batches.stop();
        results.stop();
        deadLetters.stop();
        companion.close();
        events.close();
    }
}
