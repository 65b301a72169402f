package io.clouddiagnoze.scanner.s3;

import io.clouddiagnoze.aws.AwsErrors;
import io.clouddiagnoze.scanner.scan.ScanSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Bucket sizes from CloudWatch: the latest daily {@code BucketSizeBytes} of each storage type a bucket has
 * (ListMetrics, once per region and scan), summed, in GB. Many buckets go into one GetMetricData call (up to
 * 500 queries). Where CloudWatch fails or has no data a bucket's size is absent, never zero, and the reason
 * is logged: the buckets are still reported.
 */
@ApplicationScoped
public class BucketSizes {
    private static final Logger LOG = Logger.getLogger(BucketSizes.class);
    private static final String NAMESPACE = "AWS/S3";
    private static final String METRIC = "BucketSizeBytes";
    private static final int MAX_QUERIES = 500;
    /** S3 storage metrics are daily; three days find the latest even when today's is not out yet. */
    private static final Duration WINDOW = Duration.ofDays(3);
    private static final int DAY = 86_400;
    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1_000_000_000L);

    /** The sizes in GB of those of {@code buckets} that CloudWatch knows, by bucket name. */
    public Uni<Map<String, BigDecimal>> latest(ScanSession session, String region, List<String> buckets) {
        CloudWatchAsyncClient cloudWatch = session.client(region, CloudWatchAsyncClient::builder);
        return session.once("s3-storage-metrics@" + region, s -> storageMetrics(s, cloudWatch))
                .map(byBucket -> buckets.stream().flatMap(bucket -> byBucket.getOrDefault(bucket, List.of()).stream()).toList())
                .onItem().transformToUni(metrics -> sum(session, cloudWatch, metrics))
                .onFailure(failure -> AwsErrors.unwrap(failure) instanceof SdkException)
                .recoverWithItem(failure -> {
                    LOG.warnf("scan run %d: no bucket sizes in %s for %d buckets: %s", session.request().scanRunId(), region,
                            buckets.size(), AwsErrors.describe(failure));
                    return Map.of();
                });
    }

    /** Every BucketSizeBytes series of the region (one per bucket and storage type), by bucket name. */
    private static Uni<Map<String, List<Metric>>> storageMetrics(ScanSession session, CloudWatchAsyncClient cloudWatch) {
        return session.pages(cloudWatch.listMetricsPaginator(ListMetricsRequest.builder().namespace(NAMESPACE).metricName(METRIC).build()))
                .onItem().transformToIterable(page -> page.metrics())
                .collect().in(HashMap::new, (byBucket, metric) -> bucketOf(metric)
                        .ifPresent(bucket -> byBucket.computeIfAbsent(bucket, key -> new ArrayList<>()).add(metric)));
    }

    private static Optional<String> bucketOf(Metric metric) {
        return metric.dimensions().stream().filter(d -> d.name().equals("BucketName")).map(Dimension::value).findFirst();
    }

    private static Uni<Map<String, BigDecimal>> sum(ScanSession session, CloudWatchAsyncClient cloudWatch, List<Metric> metrics) {
        Instant end = Instant.now();
        List<List<Metric>> calls = new ArrayList<>();
        for (int start = 0; start < metrics.size(); start += MAX_QUERIES) {
            calls.add(metrics.subList(start, Math.min(metrics.size(), start + MAX_QUERIES)));
        }
        return Multi.createFrom().iterable(calls)
                .onItem().transformToMultiAndConcatenate(call -> latestBytes(session, cloudWatch, call, end))
                .collect().in(HashMap<String, BigDecimal>::new, (sizes, point) -> sizes.merge(point.bucket(),
                        point.bytes().divide(BYTES_PER_GB, 6, RoundingMode.HALF_UP), BigDecimal::add));
    }

    /** One GetMetricData call (followed over its pages): the latest value of each series that has one. */
    private static Multi<BucketBytes> latestBytes(ScanSession session, CloudWatchAsyncClient cloudWatch, List<Metric> metrics,
                                                  Instant end) {
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            queries.add(MetricDataQuery.builder().id("size" + i).returnData(true)
                    .metricStat(MetricStat.builder().metric(metrics.get(i)).period(DAY).stat("Average").build()).build());
        }
        GetMetricDataRequest request = GetMetricDataRequest.builder().metricDataQueries(queries)
                .startTime(end.minus(WINDOW)).endTime(end).scanBy(ScanBy.TIMESTAMP_DESCENDING).build();
        return session.pages(cloudWatch.getMetricDataPaginator(request))
                .onItem().transformToIterable(page -> page.metricDataResults())
                .collect().in(HashMap<String, MetricDataResult>::new, (latest, result) -> latest.merge(result.id(), result,
                        BucketSizes::newer))
                .onItem().transformToMulti(latest -> Multi.createFrom().iterable(latest.values()))
                .filter(result -> !result.values().isEmpty())
                .map(result -> new BucketBytes(bucketOf(metrics.get(Integer.parseInt(result.id().substring(4)))).orElseThrow(),
                        BigDecimal.valueOf(result.values().get(0))));
    }

    /** Of two pages' results for one query, the one whose first (newest) datapoint is the newer. */
    private static MetricDataResult newer(MetricDataResult one, MetricDataResult other) {
        if (one.timestamps().isEmpty()) {
            return other;
        }
        if (other.timestamps().isEmpty()) {
            return one;
        }
        return other.timestamps().get(0).isAfter(one.timestamps().get(0)) ? other : one;
    }

    private record BucketBytes(String bucket, BigDecimal bytes) {
    }
}
