package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.aws.AccountSession;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/**
 * Bucket metrics, found with ListMetrics (once per region and batch) because their dimensions vary:
 * <ul>
 * <li>BucketSizeBytes is reported per storage type (StorageType dimension) and summed over them;</li>
 * <li>NumberOfObjects under StorageType AllStorageTypes;</li>
 * <li>AllRequests, GetRequests and PutRequests only where the bucket has a request-metrics filter over the whole
 * bucket (FilterId EntireBucket); a bucket without one has no request counts, not zero.</li>
 * </ul>
 * Storage metrics are daily and come out about a day late, so their window reaches back to the start of the
 * day before the collection window's start.
 */
final class S3Metrics implements MetricSource {
    private static final String NAMESPACE = "AWS/S3";
    private static final int DAY = 86_400;
    private static final String ALL_STORAGE_TYPES = "AllStorageTypes";
    private static final String ENTIRE_BUCKET = "EntireBucket";

    @Override
    public ServiceType service() {
        return ServiceType.S3;
    }

    @Override
    public Uni<List<MetricQuery>> queries(AccountSession session, String region, List<ResourceKey> resources, Window window) {
        Map<String, ResourceKey> buckets = resources.stream().collect(Collectors.toMap(ResourceKey::naturalId, Function.identity()));
        CloudWatchAsyncClient cloudWatch = session.client(region, CloudWatchAsyncClient::builder);
        Instant storageStart = Instant.ofEpochSecond(Math.floorDiv(window.start().getEpochSecond(), DAY) * DAY)
                .minus(Duration.ofDays(1));
        return session.pages(cloudWatch.listMetricsPaginator(ListMetricsRequest.builder().namespace(NAMESPACE).build()))
                .onItem().transformToIterable(page -> page.metrics())
                .collect().asList()
                .map(metrics -> {
                    List<MetricQuery> queries = new ArrayList<>();
                    for (Metric metric : metrics) {
                        Map<String, String> dimensions = dimensions(metric);
                        ResourceKey bucket = buckets.get(dimensions.get("BucketName"));
                        if (bucket != null) {
                            query(bucket, metric, dimensions, window, storageStart).ifPresent(queries::add);
                        }
                    }
                    return queries;
                });
    }

    private static Optional<MetricQuery> query(ResourceKey bucket, Metric metric, Map<String, String> dimensions, Window window,
                                               Instant storageStart) {
        String storageType = dimensions.get("StorageType");
        return PerformanceTable.S3.metric(metric.metricName()).filter(target -> switch (target.column()) {
            case "bucket_size_bytes" -> storageType != null;
            case "number_of_objects" -> ALL_STORAGE_TYPES.equals(storageType);
            default -> ENTIRE_BUCKET.equals(dimensions.get("FilterId"));
        }).map(target -> storageType != null
                ? new MetricQuery(bucket, target, metric, "Average", DAY, storageStart)
                : new MetricQuery(bucket, target, metric, "Sum", window.periodSeconds(), window.start()));
    }

    private static Map<String, String> dimensions(Metric metric) {
        Map<String, String> dimensions = new HashMap<>();
        for (Dimension dimension : metric.dimensions()) {
            dimensions.put(dimension.name(), dimension.value());
        }
        return dimensions;
    }
}
