package io.clouddiagnoze.metrics.store;

import java.time.Instant;
import java.util.Map;

/** One row of a performance table: a resource row's metric values at the start of one period, by column. */
public record PerformanceRow(long resourceRowId, Instant timestamp, Map<String, Double> values) {
}
