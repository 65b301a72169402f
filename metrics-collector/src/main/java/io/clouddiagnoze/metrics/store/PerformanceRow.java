package io.clouddiagnoze.metrics.store;

/**
 * One row of a performance table: a resource row's metric values at the start of one period (epoch seconds),
 * in the order of {@link PerformanceTable#metrics()}, NaN where a metric has no value.
 */
public record PerformanceRow(long resourceRowId, long epochSecond, double[] values) {
}
