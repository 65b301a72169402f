package io.clouddiagnoze.auth.rest;

import io.clouddiagnoze.service.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Sign-in, sign-up, refresh, password resets and service tokens (the methods marked {@link AddressLimited}, however
 * their path is written), per client address: a bucket of {@code burst}
 * requests, refilled at {@code per-second}; past it a request is refused with 429 and {@code Retry-After} before any
 * work is done. The gateway and the Ingress hold a tighter limit in front; this one holds wherever auth-service is
 * reached from. The address is the connection's, or the one a trusted proxy forwarded ({@code quarkus.http.proxy.*}).
 * Per instance: N instances take N times as much.
 */
@Singleton
public class AddressRateLimit {
    /** Past this many addresses, the buckets that have filled up again are dropped. */
    private static final int TRACKED = 10_000;

    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    AddressRateLimit(@ConfigProperty(name = "auth.rate-limit.per-second", defaultValue = "20") double perSecond,
                     @ConfigProperty(name = "auth.rate-limit.burst", defaultValue = "60") int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    @ServerRequestFilter
    @AddressLimited
    public void limit(HttpServerRequest connection) {
        long now = System.nanoTime();
        if (buckets.size() > TRACKED) {
            buckets.values().removeIf(bucket -> bucket.full(now));
        }
        Bucket bucket = buckets.computeIfAbsent(connection.remoteAddress().hostAddress(), address -> new Bucket(now));
        if (!bucket.take(now)) {
            throw ProblemException.tooManyRequests("too many sign-in requests from this address; try again in a second",
                    Duration.ofSeconds(1));
        }
    }

    /** A token bucket: {@code burst} at most, {@code perSecond} added back each second. */
    private final class Bucket {
        private double tokens = burst;
        private long refilledAt;

        Bucket(long now) {
            refilledAt = now;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
        }
    }
}
