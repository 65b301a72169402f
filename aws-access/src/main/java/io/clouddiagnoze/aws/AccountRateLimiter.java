package io.clouddiagnoze.aws;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At most {@code clouddiagnoze.aws.calls-per-second} calls per AWS account, however many regions and
 * scans run at once, with a short burst allowed: a throttled account slows down rather than fails.
 * Waiting never blocks a thread.
 */
@ApplicationScoped
public class AccountRateLimiter {
    private final long intervalNanos;
    private final long burstNanos;
    private final Map<String, AtomicLong> nextFree = new ConcurrentHashMap<>();

    AccountRateLimiter(@ConfigProperty(name = "clouddiagnoze.aws.calls-per-second") double callsPerSecond,
                       @ConfigProperty(name = "clouddiagnoze.aws.burst") int burst) {
        this.intervalNanos = (long) (1_000_000_000L / callsPerSecond);
        // The burst's last call is the one at "now": the others are the burst - 1 slots before it.
        this.burstNanos = intervalNanos * Math.max(0, burst - 1);
    }

    /** Completes when the account may make one more call. */
    public Uni<Void> acquire(String accountId) {
        long now = System.nanoTime();
        long earliest = now - burstNanos; // an idle account may make a burst of calls at once
        AtomicLong next = nextFree.computeIfAbsent(accountId, account -> new AtomicLong(earliest));
        long previous = next.getAndAccumulate(earliest, (free, floor) -> Math.max(free, floor) + intervalNanos);
        long start = Math.max(previous, earliest);
        long wait = start - now;
        return wait <= 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait));
    }
}
