package io.clouddiagnoze.metrics.collect;

import java.time.Duration;
import java.time.Instant;

/** The time range metrics are collected over, at one period; aligned to the period so that re-collection finds the same points. */
public record Window(Instant start, Instant end, int periodSeconds) {

    /** The {@code length} before {@code end} (rounded down to the period). */
    public static Window ending(Instant end, Duration length, Duration period) {
        long step = period.toSeconds();
        Instant alignedEnd = Instant.ofEpochSecond(Math.floorDiv(end.getEpochSecond(), step) * step);
        return new Window(alignedEnd.minus(length), alignedEnd, (int) step);
    }
}
