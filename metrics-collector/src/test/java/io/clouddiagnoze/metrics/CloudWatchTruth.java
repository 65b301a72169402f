package io.clouddiagnoze.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** What aws-emulator's CloudWatch holds for one series of a tenant's account, asked the plain way: one query per call. */
final class CloudWatchTruth {
    private final String roleArn;
    private final String externalId;

    CloudWatchTruth(String roleArn, String externalId) {
        this.roleArn = roleArn;
        this.externalId = externalId;
    }

    /** The datapoints of one metric named by {@code dimensions} (name, value, name, value…), by timestamp. */
    Map<Instant, Double> series(String region, String namespace, String metric, String stat, int period, Instant start,
                                       Instant end, String... dimensions) {
        Dimension[] named = new Dimension[dimensions.length / 2];
        for (int i = 0; i < named.length; i++) {
            named[i] = Dimension.builder().name(dimensions[2 * i]).value(dimensions[2 * i + 1]).build();
        }
        try (CloudWatchClient cloudWatch = CloudWatchClient.builder().region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(assumeRole()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            GetMetricDataRequest first = GetMetricDataRequest.builder().startTime(start).endTime(end)
                    .metricDataQueries(MetricDataQuery.builder().id("m").metricStat(MetricStat.builder().period(period).stat(stat)
                            .metric(m -> m.namespace(namespace).metricName(metric).dimensions(named)).build()).build()).build();
            Map<Instant, Double> points = new LinkedHashMap<>();
            String token = null;
            do {
                GetMetricDataResponse page = cloudWatch.getMetricData(first.toBuilder().nextToken(token).build());
                for (MetricDataResult result : page.metricDataResults()) {
                    for (int i = 0; i < result.timestamps().size(); i++) {
                        points.put(result.timestamps().get(i), result.values().get(i));
                    }
                }
                token = page.nextToken();
            } while (token != null);
            return points;
        }
    }

    private AwsSessionCredentials assumeRole() {
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            Credentials credentials = sts.assumeRole(r -> r.roleArn(roleArn).externalId(externalId).roleSessionName("metrics-test")).credentials();
            return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
        }
    }

    /** The sum of several series, timestamp by timestamp. */
    @SafeVarargs
    static Map<Instant, Double> sum(Map<Instant, Double>... series) {
        Map<Instant, Double> total = new LinkedHashMap<>();
        for (Map<Instant, Double> one : List.of(series)) {
            one.forEach((time, value) -> total.merge(time, value, Double::sum));
        }
        return total;
    }
}
