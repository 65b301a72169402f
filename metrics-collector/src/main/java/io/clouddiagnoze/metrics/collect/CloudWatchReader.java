package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.aws.AccountSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Reads many series with as few GetMetricData calls as CloudWatch allows: up to 500 queries per call, and no
 * more queries than can return all their datapoints within one call's 100,800, so that a call rarely needs a
 * second page (any NextToken is still followed).
 */
@ApplicationScoped
public class CloudWatchReader {
    static final int MAX_QUERIES = 500;
    static final long MAX_DATAPOINTS = 100_800;

    private final Counter calls;

    CloudWatchReader(MeterRegistry registry) {
        this.calls = Counter.builder("clouddiagnoze.metrics.cloudwatch.calls")
                .description("GetMetricData requests made, pages included").register(registry);
    }

    /** Every datapoint of {@code queries} in {@code region} up to {@code end}. */
    public Multi<Point> read(AccountSession session, String region, List<MetricQuery> queries, Instant end) {
        CloudWatchAsyncClient cloudWatch = session.client(region, CloudWatchAsyncClient::builder);
        return Multi.createFrom().iterable(calls(queries, end))
                .onItem().transformToMultiAndConcatenate(call -> read(session, cloudWatch, call, end));
    }

    /** The queries split into calls; one call covers one start time. */
    static List<List<MetricQuery>> calls(List<MetricQuery> queries, Instant end) {
        Map<Instant, List<MetricQuery>> byStart = new LinkedHashMap<>();
        queries.forEach(q -> byStart.computeIfAbsent(q.start(), start -> new ArrayList<>()).add(q));
        List<List<MetricQuery>> calls = new ArrayList<>();
        for (List<MetricQuery> sameStart : byStart.values()) {
            List<MetricQuery> call = new ArrayList<>();
            long datapoints = 0;
            for (MetricQuery query : sameStart) {
                long expected = Math.max(1, (end.getEpochSecond() - query.start().getEpochSecond() + query.period() - 1)
                        / query.period());
                if (!call.isEmpty() && (call.size() == MAX_QUERIES || datapoints + expected > MAX_DATAPOINTS)) {
                    calls.add(call);
                    call = new ArrayList<>();
                    datapoints = 0;
                }
                call.add(query);
                datapoints += expected;
            }
            if (!call.isEmpty()) {
                calls.add(call);
            }
        }
        return calls;
    }

    private Multi<Point> read(AccountSession session, CloudWatchAsyncClient cloudWatch, List<MetricQuery> call, Instant end) {
        List<MetricDataQuery> queries = new ArrayList<>(call.size());
        for (int i = 0; i < call.size(); i++) {
            MetricQuery query = call.get(i);
            queries.add(MetricDataQuery.builder().id("q" + i).returnData(true)
                    .metricStat(MetricStat.builder().metric(query.metric()).period(query.period()).stat(query.stat()).build())
                    .build());
        }
        GetMetricDataRequest request = GetMetricDataRequest.builder().metricDataQueries(queries)
                .startTime(call.get(0).start()).endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING).build();
        return session.pages(cloudWatch.getMetricDataPaginator(request))
                .invoke(page -> calls.increment())
                .onItem().transformToIterable(page -> page.metricDataResults())
                .onItem().transformToIterable(result -> points(call.get(Integer.parseInt(result.id().substring(1))), result));
    }

    private static List<Point> points(MetricQuery query, MetricDataResult result) {
        List<Point> points = new ArrayList<>(result.timestamps().size());
        for (int i = 0; i < result.timestamps().size(); i++) {
            points.add(new Point(query.resource(), query.target(), result.timestamps().get(i), result.values().get(i)));
        }
        return points;
    }
}
