package io.clouddiagnoze.scanner.messaging;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.Vpc;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The broker as a scanner sees it, and what scanners scan, for tests: the two channels a {@link ResourceEmitter} sends
 * to, keeping every message.
 * It acknowledges each message at once, or, once {@linkplain #hold held}, only when told to {@linkplain #acknowledge}.
 */
public final class TestBroker {
    private final Channel batches = new Channel();
    private final Channel results = new Channel();
    private final List<CompletableFuture<Void>> unacknowledged = new CopyOnWriteArrayList<>();
    private volatile boolean holding;

    /** An emitter of the {@code ec2-scanner} sending to this broker. */
    public ResourceEmitter emitter(int maxResources, int maxBytes, int inFlight) {
        return new ResourceEmitter(batches, results, maxResources, maxBytes, inFlight, "ec2-scanner");
    }

    public List<Message<? extends byte[]>> batchMessages() {
        return batches.messages;
    }

    public List<Message<? extends byte[]>> resultMessages() {
        return results.messages;
    }

    public List<ResourcesDiscovered> batches() {
        return decode(batches.messages, ResourcesDiscovered.class);
    }

    public List<ScanResult> results() {
        return decode(results.messages, ScanResult.class);
    }

    /** Scan run 42 of tenant 7, for EC2 in {@code regions}. */
    public static ScanRequested request(String... regions) {
        return new ScanRequested(42, 7, ServiceType.EC2, "arn:aws:iam::111122223333:role/CloudDiagnozeScanner", "cd-7f3a9c",
                List.of(regions), Instant.now());
    }

    /** The {@code number}th VPC a scan finds in {@code region}. */
    public static Vpc vpc(String region, int number) {
        return new Vpc("vpc-" + region + "-" + number, "10.0.0.0/16", List.of(), false, 2, "available", region,
                Map.of("Name", "network " + number), true, 0, 0);
    }

    /** From now on, messages wait for {@link #acknowledge()}. */
    public void hold() {
        holding = true;
    }

    /** Acknowledges the messages waiting so far. */
    public void acknowledge() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>(unacknowledged);
        unacknowledged.removeAll(waiting);
        waiting.forEach(message -> message.complete(null));
    }

    private static <T extends Record> List<T> decode(List<Message<? extends byte[]>> messages, Class<T> type) {
        return messages.stream().map(message -> {
            try {
                return EventCodec.decode(message.getPayload(), type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** One channel: only {@link #sendMessage} is what a scanner uses. */
    private final class Channel implements MutinyEmitter<byte[]> {
        private final List<Message<? extends byte[]>> messages = new CopyOnWriteArrayList<>();

        @Override
        public <M extends Message<? extends byte[]>> Uni<Void> sendMessage(M message) {
            messages.add(message);
            if (!holding) {
                return Uni.createFrom().voidItem();
            }
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            unacknowledged.add(acknowledged);
            return Uni.createFrom().completionStage(acknowledged);
        }

        @Override
        public Uni<Void> send(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendAndAwait(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cancellable sendAndForget(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends byte[]>> void sendMessageAndAwait(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends byte[]>> Cancellable sendMessageAndForget(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void error(Exception e) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
