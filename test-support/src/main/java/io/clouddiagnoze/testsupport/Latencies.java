package io.clouddiagnoze.testsupport;

import java.util.Collection;

/** Percentiles of latencies measured in nanoseconds, in milliseconds, for benchmarks to print. */
public final class Latencies {
    private final long[] sortedNanos;

    public Latencies(Collection<Long> nanos) {
        if (nanos.isEmpty()) {
            throw new IllegalArgumentException("no latencies were measured");
        }
        this.sortedNanos = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The nearest-rank {@code percentile} (0–100], in milliseconds. */
    public double millis(double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }

    public int count() {
        return sortedNanos.length;
    }

    @Override
    public String toString() {
        return String.format("p50 %6.2f ms  p99 %6.2f ms  (%d requests)", millis(50), millis(99), count());
    }
}
