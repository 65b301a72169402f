package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.metrics.store.PerformanceTable;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/**
 * One CloudWatch series to read and where its datapoints go: a resource's metric column. Several queries may
 * feed the same column of the same resource (the storage types of a bucket, the instances of a VPC); their
 * values at one timestamp are summed.
 */
public record MetricQuery(ResourceKey resource, PerformanceTable.Metric target, Metric metric, String stat, int period,
                          Instant start) {

    /** A query of a metric named by one dimension, e.g. an instance's CPUUtilization by InstanceId. */
    static MetricQuery of(ResourceKey resource, PerformanceTable.Metric target, String namespace, String metricName,
                          String dimension, String dimensionValue, String stat, Window window) {
        Metric metric = Metric.builder().namespace(namespace).metricName(metricName)
                .dimensions(List.of(Dimension.builder().name(dimension).value(dimensionValue).build())).build();
        return new MetricQuery(resource, target, metric, stat, window.periodSeconds(), window.start());
    }
}
