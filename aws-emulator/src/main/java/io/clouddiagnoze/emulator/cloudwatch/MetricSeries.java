package io.clouddiagnoze.emulator.cloudwatch;

import java.util.OptionalDouble;
import java.util.function.LongToDoubleFunction;

/**
 * One metric of one resource: a deterministic value for each native sample time (a multiple of the native
 * period, from the resource's creation on), aggregated on demand to any period and statistic.
 */
final class MetricSeries {

    // A datapoint over many native samples is computed from an even subset of them; sums are scaled up.
    private static final int MAX_SAMPLES_PER_DATAPOINT = 60;

    private final int nativePeriod;
    private final long firstSample;
    private final LongToDoubleFunction sample;

    MetricSeries(int nativePeriod, long since, LongToDoubleFunction sample) {
        this.nativePeriod = nativePeriod;
        this.firstSample = Math.floorDiv(since + nativePeriod - 1, nativePeriod) * nativePeriod;
        this.sample = sample;
    }

    /** A metric that is listed but reports nothing, like a stopped instance's. */
    static MetricSeries silent(int nativePeriod) {
        return new MetricSeries(nativePeriod, Long.MAX_VALUE - nativePeriod, time -> 0);
    }

    int nativePeriod() {
        return nativePeriod;
    }

    long firstSample() {
        return firstSample;
    }

    /**
     * The statistic over the native samples in {@code [start, start + period)} that have been published by
     * {@code now} (a sample is published once its own period has ended); empty when there are none.
     */
    OptionalDouble aggregate(long start, int period, Statistic statistic, long now) {
        long from = Math.max(firstSample, Math.floorDiv(start + nativePeriod - 1, nativePeriod) * nativePeriod);
        long end = Math.min(start + period, now - nativePeriod + 1);
        if (end <= from) {
            return OptionalDouble.empty();
        }
        long count = (end - from + nativePeriod - 1) / nativePeriod;
        long stride = Math.max(1, count / MAX_SAMPLES_PER_DATAPOINT);
        double[] samples = new double[(int) ((count + stride - 1) / stride)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = sample.applyAsDouble(from + i * stride * nativePeriod);
        }
        return OptionalDouble.of(statistic.of(samples, count));
    }
}
