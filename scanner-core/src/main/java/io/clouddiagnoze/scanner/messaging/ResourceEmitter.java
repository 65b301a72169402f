package io.clouddiagnoze.scanner.messaging;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.events.EventMessages;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Sends what a scan found: {@code resources-discovered} in batches of at most {@code max-resources}
 * resources and about {@code max-bytes} of JSON, numbered per scan run, up to {@code in-flight} of them on
 * their way to the broker at once; then, once the broker has every batch, one {@code scan-results}. Every
 * event carries the scan's events token (from the request) and is keyed by the tenant.
 */
@ApplicationScoped
public class ResourceEmitter {
    private final MutinyEmitter<byte[]> batches;
    private final MutinyEmitter<byte[]> results;
    private final int maxResources;
    private final int maxBytes;
    private final int inFlight;
    private final String source;

    ResourceEmitter(@Channel("resources-discovered") MutinyEmitter<byte[]> batches,
                    @Channel("scan-results") MutinyEmitter<byte[]> results,
                    @ConfigProperty(name = "clouddiagnoze.scanner.batch.max-resources") int maxResources,
                    @ConfigProperty(name = "clouddiagnoze.scanner.batch.max-bytes") int maxBytes,
                    @ConfigProperty(name = "clouddiagnoze.scanner.batch.in-flight") int inFlight,
                    @ConfigProperty(name = "quarkus.application.name") String service) {
        this.batches = batches;
        this.results = results;
        this.maxResources = maxResources;
        this.maxBytes = maxBytes;
        this.inFlight = inFlight;
        this.source = "/clouddiagnoze/" + service;
    }

    /** Batch numbering for one scan run, whose events carry {@code eventsToken}. */
    public Batches start(ScanRequested request, String eventsToken) {
        return new Batches(request, eventsToken);
    }

    /** The batches of one scan run, numbered from 0 across its regions. */
    public final class Batches {
        private final ScanRequested request;
        private final Map<String, String> tokens;
        private final AtomicInteger sequence = new AtomicInteger();

        private Batches(ScanRequested request, String eventsToken) {
            this.request = request;
            this.tokens = Map.of(EventHeaders.TENANT_TOKEN, eventsToken);
        }

        /** Sends a region's resources in batches as they stream in; counts each resource once the broker has it. */
        public Uni<Void> send(String region, Multi<DiscoveredResource> resources, AtomicInteger sent) {
            return resources.group().intoLists().of(maxResources)
                    .onItem().transformToMultiAndConcatenate(list -> Multi.createFrom().iterable(bySize(region, list)))
                    // A few batches in flight, so that the next pages are read while the broker takes these.
                    .onItem().transformToUni(batch -> batches.sendMessage(EventMessages.of(batch.event(), batch.json(),
                            String.valueOf(request.tenantId()), tokens, source))
                            .invoke(() -> sent.addAndGet(batch.event().resources().size())))
                    .merge(inFlight)
                    .collect().last().replaceWithVoid();
        }

        public Uni<Void> finish(ScanResult result) {
            return results.sendMessage(EventMessages.of(result, String.valueOf(request.tenantId()), tokens, source));
        }

        public int batchCount() {
            return sequence.get();
        }

        /** Splits a list of resources into batches whose JSON stays under the size limit, each numbered and encoded once. */
        private List<EncodedBatch> bySize(String region, List<DiscoveredResource> resources) {
            return bySize(region, resources, sequence.getAndIncrement());
        }

        /** A batch too large keeps its number for its first half and takes a new one for the second: no number is lost. */
        private List<EncodedBatch> bySize(String region, List<DiscoveredResource> resources, int number) {
            ResourcesDiscovered batch = new ResourcesDiscovered(request.scanRunId(), request.tenantId(), request.service(), region,
                    number, resources, Instant.now());
            byte[] json = EventCodec.encode(batch);
            if (resources.size() == 1 || json.length <= maxBytes) {
                return List.of(new EncodedBatch(batch, json));
            }
            int half = resources.size() / 2;
            List<EncodedBatch> parts = new ArrayList<>(bySize(region, resources.subList(0, half), number));
            parts.addAll(bySize(region, resources.subList(half, resources.size()), sequence.getAndIncrement()));
            return parts;
        }
    }

    /** A batch and its JSON, encoded once: to measure it and to send it. */
    private record EncodedBatch(ResourcesDiscovered event, byte[] json) {
    }
}
