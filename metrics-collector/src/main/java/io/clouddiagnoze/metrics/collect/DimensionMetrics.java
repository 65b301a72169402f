package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.aws.AccountSession;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics that CloudWatch names by the resource's own id, so that the queries follow from the resources
 * with no call: EC2 instances by InstanceId, RDS instances by DBInstanceIdentifier.
 */
final class DimensionMetrics implements MetricSource {
    private final PerformanceTable table;
    private final String namespace;
    private final String dimension;
    private final List<Series> series;

    private DimensionMetrics(PerformanceTable table, String namespace, String dimension, List<Series> series) {
        this.table = table;
        this.namespace = namespace;
        this.dimension = dimension;
        this.series = series;
    }

    static DimensionMetrics ec2() {
        return new DimensionMetrics(PerformanceTable.EC2, "AWS/EC2", "InstanceId", List.of(
                new Series("Average", "cpu_utilization"), new Series("Sum", "network_in"), new Series("Sum", "network_out")));
    }

    static DimensionMetrics rds() {
        return new DimensionMetrics(PerformanceTable.RDS, "AWS/RDS", "DBInstanceIdentifier", List.of(
                new Series("Average", "database_connections"), new Series("Average", "cpu_utilization"),
                new Series("Average", "free_storage_bytes")));
    }

    @Override
    public ServiceType service() {
        return table.service();
    }

    @Override
    public Uni<List<MetricQuery>> queries(AccountSession session, String region, List<ResourceKey> resources, Window window) {
        List<MetricQuery> queries = new ArrayList<>(resources.size() * series.size());
        for (ResourceKey resource : resources) {
            for (Series s : series) {
                PerformanceTable.Metric metric = table.metricInColumn(s.column());
                queries.add(MetricQuery.of(resource, metric, namespace, metric.cloudWatchName(), dimension, resource.naturalId(),
                        s.stat(), window));
            }
        }
        return Uni.createFrom().item(queries);
    }

    /** The statistic read from CloudWatch, and the column it is stored in. */
    private record Series(String stat, String column) {
    }
}
