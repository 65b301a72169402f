package io.clouddiagnoze.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

class CloudWatchContractTest {

    private static final String WEB_1 = "i-0a1f2e3d4c5b60001";
    private static final String BASTION = "i-0a1f2e3d4c5b60005";
    private static final String STOPPED_WORKER = "i-0a1f2e3d4c5b60007";
    private static final String FLEET_ROLE = "arn:aws:iam::888899990000:role/CloudDiagnozeScanner";
    private static final Instant END = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    private static final Instant START = END.minus(Duration.ofHours(6));

    private static AwsClients tenant;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void clients() {
        SharedEmulator.admin().reset();
        tenant = AwsClients.demoTenant(Region.US_EAST_1);
        cloudWatch = tenant.cloudWatch();
    }

    @AfterAll
    static void close() {
        tenant.close();
    }

    @Test
    void listMetricsNamesEachInstancesMetrics() {
        List<Metric> cpu = cloudWatch.listMetricsPaginator(request -> request.namespace("AWS/EC2").metricName("CPUUtilization"))
                .metrics().stream().toList();

        assertThat(cpu).hasSize(14).allSatisfy(metric -> assertThat(metric.dimensions()).singleElement()
                .satisfies(dimension -> assertThat(dimension.name()).isEqualTo("InstanceId")));
        assertThat(cloudWatch.listMetrics(request -> request.namespace("AWS/EC2")
                .dimensions(DimensionFilter.builder().name("InstanceId").value(WEB_1).build())).metrics())
                .extracting(Metric::metricName).containsExactlyInAnyOrder("CPUUtilization", "NetworkIn", "NetworkOut");
    }

    @Test
    void s3StorageMetricsAlwaysCarryAStorageTypeAndRequestMetricsExistOnlyWhereEnabled() {
        List<Metric> s3 = cloudWatch.listMetricsPaginator(request -> request.namespace("AWS/S3")).metrics().stream().toList();

        assertThat(s3).filteredOn(metric -> metric.metricName().equals("BucketSizeBytes")).hasSize(8)
                .allSatisfy(metric -> assertThat(dimensionNames(metric)).containsExactlyInAnyOrder("BucketName", "StorageType"));
        assertThat(s3).filteredOn(metric -> metric.metricName().equals("AllRequests")).singleElement()
                .satisfies(metric -> assertThat(metric.dimensions()).contains(
                        Dimension.builder().name("BucketName").value("cd-demo-public-website").build(),
                        Dimension.builder().name("FilterId").value("EntireBucket").build()));
    }

    @Test
    void listMetricsPagesThroughALargeFleet() {
        SharedEmulator.admin().addRole(FLEET_ROLE, "fleet", "\"generate\":\"instances=400,buckets=0,databases=0\"");
        try (AwsClients fleet = AwsClients.tenant(Region.US_EAST_1, FLEET_ROLE, "fleet")) {
            List<String> metrics = new ArrayList<>();
            int pages = 0;
            for (var page : fleet.cloudWatch().listMetricsPaginator(request -> request.namespace("AWS/EC2"))) {
                pages++;
                page.metrics().forEach(metric -> metrics.add(metric.metricName() + "/" + metric.dimensions().get(0).value()));
            }
            assertThat(pages).isEqualTo(3);
            assertThat(metrics).hasSize(1200).doesNotHaveDuplicates();
        }
    }

    @Test
    void cpuFollowsEachInstancesLoad() {
        Map<String, MetricDataResult> results = getMetricData(
                ec2("busy", WEB_1, "CPUUtilization", "Average"),
                ec2("idle", BASTION, "CPUUtilization", "Average"),
                ec2("stopped", STOPPED_WORKER, "CPUUtilization", "Average"));

        MetricDataResult busy = results.get("busy");
        assertThat(busy.statusCode()).isEqualTo(StatusCode.COMPLETE);
        assertThat(busy.label()).isEqualTo("CPUUtilization");
        assertThat(busy.values()).hasSize(72).allSatisfy(value -> assertThat(value).isBetween(60.0, 90.0));
        assertThat(busy.timestamps()).first().isEqualTo(END.minus(Duration.ofMinutes(5)));
        assertThat(busy.timestamps()).isSortedAccordingTo((a, b) -> b.compareTo(a))
                .allSatisfy(time -> assertThat(time.getEpochSecond() % 300).isZero());
        assertThat(results.get("idle").values()).hasSize(72).allSatisfy(value -> assertThat(value).isBetween(1.0, 3.0));
        assertThat(results.get("stopped").values()).isEmpty();
        assertThat(results.get("stopped").statusCode()).isEqualTo(StatusCode.COMPLETE);
    }

    @Test
    void statisticsAgreeWithEachOther() {
        Map<String, MetricDataResult> hourly = getMetricData(3600,
                ec2("avg", WEB_1, "NetworkIn", "Average"), ec2("sum", WEB_1, "NetworkIn", "Sum"),
                ec2("max", WEB_1, "NetworkIn", "Maximum"), ec2("min", WEB_1, "NetworkIn", "Minimum"),
                ec2("count", WEB_1, "NetworkIn", "SampleCount"));

        assertThat(hourly.get("avg").values()).hasSize(6);
        for (int i = 0; i < 6; i++) {
            double average = hourly.get("avg").values().get(i);
            assertThat(hourly.get("sum").values().get(i)).isCloseTo(average * 12, within(average * 1e-9));
            assertThat(hourly.get("max").values().get(i)).isGreaterThanOrEqualTo(average);
            assertThat(hourly.get("min").values().get(i)).isLessThanOrEqualTo(average);
            assertThat(hourly.get("count").values().get(i)).isEqualTo(12.0);
        }
    }

    @Test
    void bucketSizeIsFoundOnlyWithItsStorageTypeAndGrowsDaily() {
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        GetMetricDataResponse response = cloudWatch.getMetricData(request -> request
                .startTime(end.minus(Duration.ofDays(10))).endTime(end).scanBy("TimestampAscending")
                .metricDataQueries(
                        s3("standard", "BucketSizeBytes", "cd-demo-logs", "StorageType", "StandardStorage"),
                        s3("infrequent", "BucketSizeBytes", "cd-demo-logs", "StorageType", "StandardIAStorage"),
                        s3("nostoragetype", "BucketSizeBytes", "cd-demo-logs", null, null),
                        s3("objects", "NumberOfObjects", "cd-demo-logs", "StorageType", "AllStorageTypes")));
        Map<String, MetricDataResult> results = byId(response.metricDataResults());

        List<Double> standard = results.get("standard").values();
        assertThat(standard).hasSize(10);
        assertThat(standard.get(9)).isGreaterThan(standard.get(0));
        assertThat(results.get("standard").timestamps()).allSatisfy(time -> assertThat(time.getEpochSecond() % 86_400).isZero());
        assertThat(results.get("infrequent").values()).hasSize(10)
                .allSatisfy(value -> assertThat(value).isLessThan(standard.get(0)));
        assertThat(results.get("nostoragetype").values()).isEmpty();
        assertThat(results.get("objects").values()).hasSize(10);
    }

    @Test
    void requestMetricsAnswerOnlyForBucketsThatHaveThem() {
        Map<String, MetricDataResult> results = getMetricData(
                s3("enabled", "AllRequests", "cd-demo-public-website", "FilterId", "EntireBucket"),
                s3("gets", "GetRequests", "cd-demo-public-website", "FilterId", "EntireBucket"),
                s3("disabled", "AllRequests", "cd-demo-logs", "FilterId", "EntireBucket"));

        assertThat(results.get("enabled").values()).hasSize(72);
        for (int i = 0; i < 72; i++) {
            assertThat(results.get("gets").values().get(i)).isLessThanOrEqualTo(results.get("enabled").values().get(i));
        }
        assertThat(results.get("disabled").values()).isEmpty();
    }

    @Test
    void rdsMetricsDescribeEachDatabase() {
        Map<String, MetricDataResult> results = getMetricData(
                rds("connections", "orders-db", "DatabaseConnections"),
                rds("free", "orders-db", "FreeStorageSpace"),
                rds("cpu", "staging-db", "CPUUtilization"));

        assertThat(results.get("connections").values()).hasSize(72).allSatisfy(value -> assertThat(value).isGreaterThan(60));
        assertThat(results.get("free").values()).allSatisfy(value -> assertThat(value).isBetween(0.0, 200.0 * (1L << 30)));
        assertThat(results.get("cpu").values()).hasSize(72).allSatisfy(value -> assertThat(value).isBetween(1.0, 3.0));
    }

    @Test
    void datapointPagingAcrossQueriesReturnsTheSameDataAsOneCall() {
        List<MetricDataQuery> queries = List.of(ec2("a", WEB_1, "CPUUtilization", "Average"),
                ec2("b", BASTION, "NetworkOut", "Sum"), rds("c", "orders-db", "DatabaseConnections"));
        Map<String, MetricDataResult> whole = getMetricData(queries.toArray(MetricDataQuery[]::new));

        Map<String, List<Double>> paged = new java.util.HashMap<>();
        int pages = 0;
        for (GetMetricDataResponse page : cloudWatch.getMetricDataPaginator(request -> request
                .startTime(START).endTime(END).maxDatapoints(50).metricDataQueries(queries))) {
            pages++;
            page.metricDataResults().forEach(result ->
                    paged.computeIfAbsent(result.id(), id -> new ArrayList<>()).addAll(result.values()));
        }
        assertThat(pages).isEqualTo(5);
        assertThat(paged.get("a")).isEqualTo(whole.get("a").values());
        assertThat(paged.get("b")).isEqualTo(whole.get("b").values());
        assertThat(paged.get("c")).isEqualTo(whole.get("c").values());
    }

    @Test
    void fiveHundredQueriesAreAllowedAndOneMoreIsAValidationError() {
        List<MetricDataQuery> five = IntStream.range(0, 500)
                .mapToObj(i -> ec2("q" + i, WEB_1, "CPUUtilization", "Average")).toList();
        assertThat(cloudWatch.getMetricData(request -> request.startTime(START).endTime(END).metricDataQueries(five))
                .metricDataResults()).hasSize(500);

        List<MetricDataQuery> tooMany = new ArrayList<>(five);
        tooMany.add(ec2("extra", WEB_1, "CPUUtilization", "Average"));
        assertThatThrownBy(() -> cloudWatch.getMetricData(request -> request.startTime(START).endTime(END)
                .metricDataQueries(tooMany)))
                .isInstanceOfSatisfying(CloudWatchException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
    }

    @Test
    void malformedRequestsAndUnknownOperationsAreCloudWatchErrors() {
        assertThatThrownBy(() -> cloudWatch.getMetricData(request -> request.startTime(START).endTime(END)
                .nextToken("not-a-token").metricDataQueries(ec2("a", WEB_1, "CPUUtilization", "Average"))))
                .isInstanceOfSatisfying(CloudWatchException.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken"));
        assertThatThrownBy(() -> cloudWatch.getMetricData(request -> request.startTime(END).endTime(START)
                .metricDataQueries(ec2("a", WEB_1, "CPUUtilization", "Average"))))
                .isInstanceOfSatisfying(CloudWatchException.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> cloudWatch.describeAlarms())
                .isInstanceOfSatisfying(CloudWatchException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                    assertThat(error.awsErrorDetails().errorMessage()).contains("DescribeAlarms");
                });
    }

    @Test
    void theAsyncClientGetsTheSameDatapoints() {
        MetricDataQuery query = ec2("cpu", WEB_1, "CPUUtilization", "Maximum");
        List<Double> async = tenant.cloudWatchAsync().getMetricData(request -> request.startTime(START).endTime(END)
                .metricDataQueries(query)).join().metricDataResults().get(0).values();

        assertThat(async).hasSize(72).isEqualTo(getMetricData(query).get("cpu").values());
    }

    private static Map<String, MetricDataResult> getMetricData(MetricDataQuery... queries) {
        return getMetricData(300, queries);
    }

    private static Map<String, MetricDataResult> getMetricData(int period, MetricDataQuery... queries) {
        List<MetricDataQuery> withPeriod = List.of(queries).stream().map(query -> query.toBuilder()
                .metricStat(query.metricStat().toBuilder().period(period).build()).build()).toList();
        return byId(cloudWatch.getMetricData(request -> request.startTime(START).endTime(END)
                .metricDataQueries(withPeriod)).metricDataResults());
    }

    private static Map<String, MetricDataResult> byId(List<MetricDataResult> results) {
        return results.stream().collect(Collectors.toMap(MetricDataResult::id, result -> result));
    }

    static MetricDataQuery ec2(String id, String instanceId, String metric, String stat) {
        return query(id, "AWS/EC2", metric, stat, 300, Dimension.builder().name("InstanceId").value(instanceId).build());
    }

    private static MetricDataQuery rds(String id, String database, String metric) {
        return query(id, "AWS/RDS", metric, "Average", 300,
                Dimension.builder().name("DBInstanceIdentifier").value(database).build());
    }

    private static MetricDataQuery s3(String id, String metric, String bucket, String dimension, String value) {
        List<Dimension> dimensions = new ArrayList<>(List.of(Dimension.builder().name("BucketName").value(bucket).build()));
        if (dimension != null) {
            dimensions.add(Dimension.builder().name(dimension).value(value).build());
        }
        int period = metric.endsWith("Requests") ? 300 : 86_400;
        return query(id, "AWS/S3", metric, metric.endsWith("Requests") ? "Sum" : "Average", period,
                dimensions.toArray(Dimension[]::new));
    }

    private static MetricDataQuery query(String id, String namespace, String metric, String stat, int period,
                                         Dimension... dimensions) {
        return MetricDataQuery.builder().id(id).metricStat(stat(namespace, metric, stat, period, dimensions)).build();
    }

    private static software.amazon.awssdk.services.cloudwatch.model.MetricStat stat(String namespace, String metric,
            String stat, int period, Dimension... dimensions) {
        return software.amazon.awssdk.services.cloudwatch.model.MetricStat.builder()
                .metric(Metric.builder().namespace(namespace).metricName(metric).dimensions(dimensions).build())
                .period(period).stat(stat).build();
    }

    private static List<String> dimensionNames(Metric metric) {
        return metric.dimensions().stream().map(Dimension::name).toList();
    }
}
