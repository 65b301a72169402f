package io.clouddiagnoze.scanner.messaging;

import io.clouddiagnoze.contracts.EventCodec;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Sends what a scan found: {@code resources-discovered} in batches of at most {@code max-resources}
 * resources and about {@code max-bytes} of JSON, numbered per scan run, each waited for until the broker
 * has it; then one {@code scan-results}. Every event carries the request's tenant token and is keyed by
 * the tenant.
 */
@ApplicationScoped
public class ResourceEmitter {
    private final MutinyEmitter<byte[]> batches;
    private final MutinyEmitter<byte[]> results;
    private final int maxResources;
    private final int maxBytes;
    private final String source;

    ResourceEmitter(@Channel("resources-discovered") MutinyEmitter<byte[]> batches,
                    @Channel("scan-results") MutinyEmitter<byte[]> results,
                    @ConfigProperty(name = "clouddiagnoze.scanner.batch.max-resources", defaultValue = "500") int maxResources,
                    @ConfigProperty(name = "clouddiagnoze.scanner.batch.max-bytes", defaultValue = "900000") int maxBytes,
                    @ConfigProperty(name = "quarkus.application.name") String service) {
        this.batches = batches;
        this.results = results;
        this.maxResources = maxResources;
        this.maxBytes = maxBytes;
        this.source = "/clouddiagnoze/" + service;
    }

    /** Batch numbering for one scan run. */
    public Batches start(ScanRequested request, String tenantToken) {
        return new Batches(request, tenantToken);
    }

    /** The batches of one scan run, numbered from 0 across its regions. */
    public final class Batches {
        private final ScanRequested request;
        private final String tenantToken;
        private final AtomicInteger sequence = new AtomicInteger();

        private Batches(ScanRequested request, String tenantToken) {
            this.request = request;
            this.tenantToken = tenantToken;
        }

        /** Sends a region's resources in batches as they stream in; counts each resource once the broker has it. */
        public Uni<Void> send(String region, Multi<DiscoveredResource> resources, AtomicInteger sent) {
            return resources.group().intoLists().of(maxResources)
                    .onItem().transformToMultiAndConcatenate(list -> Multi.createFrom().iterable(bySize(region, list)))
                    .onItem().transformToUniAndConcatenate(batch -> batches.sendMessage(EventMessages.of(batch,
                            String.valueOf(request.tenantId()), tenantToken, source)).invoke(() -> sent.addAndGet(batch.resources().size())))
                    .collect().last().replaceWithVoid();
        }

        public Uni<Void> finish(ScanResult result) {
            return results.sendMessage(EventMessages.of(result, String.valueOf(request.tenantId()), tenantToken, source));
        }

        public int batchCount() {
            return sequence.get();
        }

        /** Splits a list of resources into batches whose JSON stays under the size limit. */
        private List<ResourcesDiscovered> bySize(String region, List<DiscoveredResource> resources) {
            ResourcesDiscovered whole = batch(region, resources);
            if (resources.size() == 1 || EventCodec.encode(whole).length <= maxBytes) {
                return List.of(numbered(whole));
            }
            List<ResourcesDiscovered> parts = new ArrayList<>();
            int half = resources.size() / 2;
            parts.addAll(bySize(region, resources.subList(0, half)));
            parts.addAll(bySize(region, resources.subList(half, resources.size())));
            return parts;
        }

        private ResourcesDiscovered batch(String region, List<DiscoveredResource> resources) {
            return new ResourcesDiscovered(request.scanRunId(), request.tenantId(), request.service(), region, 0, resources,
                    Instant.now());
        }

        private ResourcesDiscovered numbered(ResourcesDiscovered batch) {
            return new ResourcesDiscovered(batch.scanRunId(), batch.tenantId(), batch.service(), batch.region(),
                    sequence.getAndIncrement(), batch.resources(), batch.discoveredAt());
        }
    }
}
