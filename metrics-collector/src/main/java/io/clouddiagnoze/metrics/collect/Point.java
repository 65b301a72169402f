package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.metrics.store.PerformanceTable;
import java.time.Instant;

/** One datapoint of one series, bound for a resource's metric column. */
public record Point(ResourceKey resource, PerformanceTable.Metric metric, Instant timestamp, double value) {
}
