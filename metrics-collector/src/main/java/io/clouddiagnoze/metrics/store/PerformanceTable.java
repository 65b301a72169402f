package io.clouddiagnoze.metrics.store;

import io.clouddiagnoze.contracts.ServiceType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A service's performance table: the resource table its rows point to, and the metrics it holds, each
 * named in the API as it is in the table (in camel case), and as CloudWatch names the metric it is read from.
 */
public enum PerformanceTable {
    EC2(ServiceType.EC2,
            List.of(new Metric("cpuUtilization", "cpu_utilization", "CPUUtilization"),
                    new Metric("networkIn", "network_in", "NetworkIn"), new Metric("networkOut", "network_out", "NetworkOut"))),
    S3(ServiceType.S3,
            List.of(new Metric("bucketSizeBytes", "bucket_size_bytes", "BucketSizeBytes"),
                    new Metric("numberOfObjects", "number_of_objects", "NumberOfObjects"),
                    new Metric("allRequests", "all_requests", "AllRequests"), new Metric("getRequests", "get_requests", "GetRequests"),
                    new Metric("putRequests", "put_requests", "PutRequests"))),
    // A VPC's traffic is the sum of its instances' NetworkIn and NetworkOut.
    VPC(ServiceType.VPC,
            List.of(new Metric("networkInBytes", "network_in_bytes", "NetworkIn"),
                    new Metric("networkOutBytes", "network_out_bytes", "NetworkOut"))),
    RDS(ServiceType.RDS,
            List.of(new Metric("databaseConnections", "database_connections", "DatabaseConnections"),
                    new Metric("cpuUtilization", "cpu_utilization", "CPUUtilization"),
                    new Metric("freeStorageBytes", "free_storage_bytes", "FreeStorageSpace")));

    private final ServiceType service;
    private final List<Metric> metrics;

    PerformanceTable(ServiceType service, List<Metric> metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    public static PerformanceTable of(ServiceType service) {
        return Arrays.stream(values()).filter(t -> t.service == service).findFirst().orElseThrow();
    }

    public ServiceType service() {
        return service;
    }

    public String table() {
        return service.performanceTable();
    }

    /** The column that points to the resource row (foreign key). */
    public String resourceColumn() {
        return service.performanceResourceColumn();
    }

    public String resourceTable() {
        return service.resourceTable();
    }

    public String naturalIdColumn() {
        return service.naturalIdColumn();
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /** The metric of that name, the API's or CloudWatch's, in any case: cpuUtilization is also CPUUtilization. */
    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equalsIgnoreCase(name) || m.cloudWatchName().equalsIgnoreCase(name))
                .findFirst();
    }

    /** The metric stored in {@code column}. */
    public Metric metricInColumn(String column) {
        return metrics.stream().filter(m -> m.column().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(table() + " has no metric column " + column));
    }

    /** A metric: its name in the API, its column, and the CloudWatch metric it is read from. */
    public record Metric(String name, String column, String cloudWatchName) {
    }
}
