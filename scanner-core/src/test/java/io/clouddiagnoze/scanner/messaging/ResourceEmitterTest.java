package io.clouddiagnoze.scanner.messaging;

import static io.clouddiagnoze.scanner.messaging.TestBroker.request;
import static io.clouddiagnoze.scanner.messaging.TestBroker.vpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.scanner.messaging.ResourceEmitter.Batches;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Checks how a scan's resources are batched (by count and by size), numbered, counted and addressed on the broker. */
class ResourceEmitterTest {
    private static final String TOKEN = "events-token-of-run-42";

    private final TestBroker broker = new TestBroker();

    @Test
    void resourcesGoInBatchesOfAtMostMaxResourcesNumberedFromZeroAcrossRegions() {
        Batches batches = broker.emitter(2, 1_000_000, 4).start(request("us-east-1", "eu-west-1"), TOKEN);

        assertThat(send(batches, "us-east-1", 5)).isEqualTo(5);
        assertThat(send(batches, "eu-west-1", 1)).isEqualTo(1);

        assertThat(broker.batches()).extracting(ResourcesDiscovered::batchSequence).containsExactly(0, 1, 2, 3);
        assertThat(broker.batches()).extracting(batch -> batch.region() + ":" + batch.resources().size())
                .containsExactly("us-east-1:2", "us-east-1:2", "us-east-1:1", "eu-west-1:1");
        assertThat(batches.batchCount()).isEqualTo(4);
    }

    @Test
    void aBatchOverTheByteLimitIsSplitWithNoNumberLostAndNoResourceDropped() {
        Batches batches = broker.emitter(16, 1_000, 4).start(request("us-east-1"), TOKEN);

        send(batches, "us-east-1", 16);

        assertThat(broker.batchMessages()).hasSizeGreaterThan(1).allSatisfy(message -> assertThat(message.getPayload().length)
                .isLessThanOrEqualTo(1_000));
        assertThat(broker.batches()).extracting(ResourcesDiscovered::batchSequence).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, broker.batches().size()).boxed().toList());
        assertThat(broker.batches().stream().flatMap(batch -> batch.resources().stream()).map(DiscoveredResource::naturalId))
                .containsExactlyElementsOf(IntStream.range(0, 16).mapToObj(i -> vpc("us-east-1", i).naturalId()).toList());
        assertThat(batches.batchCount()).isEqualTo(broker.batches().size());
    }

    @Test
    void aResourceLargerThanTheByteLimitIsSentAloneRatherThanLost() {
        Batches batches = broker.emitter(4, 10, 4).start(request("us-east-1"), TOKEN);

        assertThat(send(batches, "us-east-1", 3)).isEqualTo(3);

        assertThat(broker.batches()).hasSize(3).allSatisfy(batch -> assertThat(batch.resources()).hasSize(1));
    }

    @Test
    void resourcesCountOnceTheBrokerHasThemWithAtMostInFlightBatchesOnTheirWay() {
        Batches batches = broker.emitter(1, 1_000_000, 2).start(request("us-east-1"), TOKEN);
        AtomicInteger sent = new AtomicInteger();
        broker.hold();

        CompletableFuture<Void> done = batches.send("us-east-1", vpcs("us-east-1", 5), sent).subscribeAsCompletionStage();

        assertThat(broker.batchMessages()).hasSize(2);
        assertThat(sent).hasValue(0);
        broker.acknowledge();
        assertThat(broker.batchMessages()).hasSize(4);
        assertThat(sent).hasValue(2);
        broker.acknowledge();
        broker.acknowledge();
        assertThat(done).isCompleted();
        assertThat(sent).hasValue(5);
    }

    @Test
    void everyEventIsKeyedByTheTenantAndCarriesTheScansToken() {
        Batches batches = broker.emitter(10, 1_000_000, 4).start(request("us-east-1"), TOKEN);
        send(batches, "us-east-1", 1);

        batches.finish(new ScanResult(42, 7, ServiceType.EC2, ScanResult.Status.SUCCESS, 1, 1, List.of(), null, Instant.now()))
                .await().atMost(Duration.ofSeconds(5));

        assertThat(broker.results()).singleElement().extracting(ScanResult::resourceCount).isEqualTo(1L);
        assertThat(List.of(broker.batchMessages().get(0), broker.resultMessages().get(0))).allSatisfy(message -> {
            OutgoingKafkaRecordMetadata<?> kafka = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
            assertThat(kafka.getKey()).isEqualTo("7");
            assertThat(new String(kafka.getHeaders().lastHeader(EventHeaders.TENANT_TOKEN).value(), StandardCharsets.UTF_8))
                    .isEqualTo(TOKEN);
            assertThat(new String(kafka.getHeaders().lastHeader(EventHeaders.CE_SOURCE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("/clouddiagnoze/ec2-scanner");
        });
    }

    /** Sends {@code count} VPCs found in {@code region}; how many the broker acknowledged. */
    private static int send(Batches batches, String region, int count) {
        AtomicInteger sent = new AtomicInteger();
        batches.send(region, vpcs(region, count), sent).await().atMost(Duration.ofSeconds(5));
        return sent.get();
    }

    private static Multi<DiscoveredResource> vpcs(String region, int count) {
        return Multi.createFrom().range(0, count).map(i -> vpc(region, i));
    }
}
