package io.clouddiagnoze.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/** The same question asked over RPC v2 CBOR (the SDK), AWS JSON 1.0 and the query protocol gets the same answer. */
class CloudWatchProtocolsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB_1 = "i-0a1f2e3d4c5b60001";
    private static final Instant END = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private static final Instant START = END.minus(Duration.ofDays(3));

    private static AwsClients tenant;
    private static CloudWatchClient cbor;
    private static final List<SdkHttpRequest> SENT = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void clients() {
        SharedEmulator.admin().reset();
        tenant = AwsClients.demoTenant(Region.US_EAST_1);
        cbor = CloudWatchClient.builder().endpointOverride(SharedEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(tenant.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(configuration -> configuration.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        SENT.add(context.httpRequest());
                    }
                }))
                .build();
    }

    @AfterAll
    static void close() {
        cbor.close();
        tenant.close();
    }

    /** Timestamp and value pairs per query id. */
    private record Series(Map<String, List<Map.Entry<Instant, Double>>> byId) {
    }

    @Test
    void theSdkSpeaksRpcV2Cbor() {
        cbor.listMetrics(request -> request.namespace("AWS/RDS"));

        SdkHttpRequest sent = SENT.get(SENT.size() - 1);
        assertThat(sent.encodedPath()).isEqualTo("/service/GraniteServiceVersion20100801/operation/ListMetrics");
        assertThat(sent.firstMatchingHeader("smithy-protocol")).contains("rpc-v2-cbor");
        assertThat(sent.firstMatchingHeader("Content-Type")).contains("application/cbor");
    }

    @Test
    void allThreeProtocolsServeTheSameDatapoints() throws Exception {
        Series sdk = sdkAnswer();

        assertThat(sdk.byId().get("cpu")).hasSize(72);
        assertThat(sdk.byId().get("size")).hasSize(3);
        assertThat(jsonAnswer()).isEqualTo(sdk);
        assertThat(queryAnswer()).isEqualTo(sdk);
    }

    @Test
    void errorsTakeEachProtocolsShapeWithTheSameCode() throws Exception {
        String badJson = "{\"MetricDataQueries\":[],\"StartTime\":1,\"EndTime\":2}";
        HttpResponse<String> json = send(jsonRequest("GetMetricData", badJson));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(json.body()).path("__type").asText()).isEqualTo("MissingParameter");
        assertThat(json.headers().firstValue("x-amzn-query-error")).contains("MissingParameter;Sender");

        HttpResponse<String> query = send(queryRequest("Action=GetMetricData&Version=2010-08-01&StartTime=1&EndTime=2"));
        assertThat(query.statusCode()).isEqualTo(400);
        Element error = (Element) xml(query.body()).getElementsByTagName("Error").item(0);
        assertThat(text(error, "Code")).isEqualTo("MissingParameter");
        assertThat(text(error, "Type")).isEqualTo("Sender");

        HttpResponse<String> unknownJson = send(jsonRequest("PutMetricAlarm", "{}"));
        assertThat(JSON.readTree(unknownJson.body()).path("message").asText()).contains("PutMetricAlarm");
        HttpResponse<String> unknownQuery = send(queryRequest("Action=PutMetricAlarm&Version=2010-08-01"));
        assertThat(unknownQuery.body()).contains("<Code>InvalidAction</Code>").contains("PutMetricAlarm");
    }

    @Test
    void aMalformedCborBodyIsA400InCbor() throws Exception {
        HttpRequest garbage = signed().header("smithy-protocol", "rpc-v2-cbor").header("Content-Type", "application/cbor")
                .uri(SharedEmulator.endpoint().resolve("/service/GraniteServiceVersion20100801/operation/GetMetricData"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0x00, 0x13})).build();
        HttpResponse<byte[]> response = HTTP.send(garbage, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("smithy-protocol")).contains("rpc-v2-cbor");
        assertThat(new CBORMapper().readTree(response.body()).path("__type").asText()).isEqualTo("SerializationException");
    }

    @Test
    void listMetricsOverJsonMatchesTheSdk() throws Exception {
        List<String> sdk = cbor.listMetrics(request -> request.namespace("AWS/S3").metricName("BucketSizeBytes")).metrics()
                .stream().map(metric -> metric.dimensions().toString()).toList();
        JsonNode json = JSON.readTree(send(jsonRequest("ListMetrics",
                "{\"Namespace\":\"AWS/S3\",\"MetricName\":\"BucketSizeBytes\"}")).body());
        List<String> overJson = new ArrayList<>();
        json.path("Metrics").forEach(metric -> {
            List<Dimension> dimensions = new ArrayList<>();
            metric.path("Dimensions").forEach(dimension -> dimensions.add(Dimension.builder()
                    .name(dimension.path("Name").asText()).value(dimension.path("Value").asText()).build()));
            overJson.add(dimensions.toString());
        });

        assertThat(overJson).hasSize(8).isEqualTo(sdk);
    }

    private Series sdkAnswer() {
        MetricDataQuery cpu = CloudWatchContractTest.ec2("cpu", WEB_1, "CPUUtilization", "Average");
        MetricDataQuery size = MetricDataQuery.builder().id("size").metricStat(stat -> stat.period(86_400).stat("Maximum")
                .metric(metric -> metric.namespace("AWS/S3").metricName("BucketSizeBytes").dimensions(
                        Dimension.builder().name("BucketName").value("cd-demo-backups").build(),
                        Dimension.builder().name("StorageType").value("StandardIAStorage").build()))).build();
        Map<String, List<Map.Entry<Instant, Double>>> byId = new LinkedHashMap<>();
        cbor.getMetricDataPaginator(request -> request.startTime(START).endTime(END).metricDataQueries(
                cpu.toBuilder().metricStat(cpu.metricStat().toBuilder().period(3600).build()).build(), size))
                .metricDataResults().forEach(result -> byId.computeIfAbsent(result.id(), id -> new ArrayList<>())
                        .addAll(pairs(result)));
        return new Series(byId);
    }

    private Series jsonAnswer() throws Exception {
        String body = """
                {"StartTime": %d, "EndTime": %d, "MetricDataQueries": [
                  {"Id": "cpu", "MetricStat": {"Period": 3600, "Stat": "Average", "Metric": {"Namespace": "AWS/EC2",
                    "MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": "%s"}]}}},
                  {"Id": "size", "MetricStat": {"Period": 86400, "Stat": "Maximum", "Metric": {"Namespace": "AWS/S3",
                    "MetricName": "BucketSizeBytes", "Dimensions": [{"Name": "BucketName", "Value": "cd-demo-backups"},
                    {"Name": "StorageType", "Value": "StandardIAStorage"}]}}}]}
                """.formatted(START.getEpochSecond(), END.getEpochSecond(), WEB_1);
        HttpResponse<String> response = send(jsonRequest("GetMetricData", body));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
        Map<String, List<Map.Entry<Instant, Double>>> byId = new LinkedHashMap<>();
        for (JsonNode result : JSON.readTree(response.body()).path("MetricDataResults")) {
            List<Map.Entry<Instant, Double>> pairs = byId.computeIfAbsent(result.path("Id").asText(), id -> new ArrayList<>());
            for (int i = 0; i < result.path("Values").size(); i++) {
                pairs.add(Map.entry(Instant.ofEpochSecond(result.path("Timestamps").get(i).asLong()),
                        result.path("Values").get(i).asDouble()));
            }
        }
        return new Series(byId);
    }

    private Series queryAnswer() throws Exception {
        String query = "Action=GetMetricData&Version=2010-08-01&StartTime=" + START + "&EndTime=" + END
                + queryMember(1, "cpu", 3600, "Average", "AWS/EC2", "CPUUtilization", "InstanceId", WEB_1)
                + queryMember(2, "size", 86_400, "Maximum", "AWS/S3", "BucketSizeBytes", "BucketName", "cd-demo-backups")
                + "&MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.2.Name=StorageType"
                + "&MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.2.Value=StandardIAStorage";
        HttpResponse<String> response = send(queryRequest(query));
        assertThat(response.statusCode()).isEqualTo(200);
        Document document = xml(response.body());
        Map<String, List<Map.Entry<Instant, Double>>> byId = new LinkedHashMap<>();
        Element results = (Element) document.getElementsByTagName("MetricDataResults").item(0);
        for (Node member = results.getFirstChild(); member != null; member = member.getNextSibling()) {
            Element result = (Element) member;
            List<Map.Entry<Instant, Double>> pairs = byId.computeIfAbsent(text(result, "Id"), id -> new ArrayList<>());
            List<String> times = members(result, "Timestamps");
            List<String> values = members(result, "Values");
            for (int i = 0; i < values.size(); i++) {
                pairs.add(Map.entry(Instant.parse(times.get(i)), Double.parseDouble(values.get(i))));
            }
        }
        return new Series(byId);
    }

    private static String queryMember(int n, String id, int period, String stat, String namespace, String metric,
                                      String dimension, String value) {
        String prefix = "&MetricDataQueries.member." + n + ".";
        return prefix + "Id=" + id + prefix + "MetricStat.Period=" + period + prefix + "MetricStat.Stat=" + stat
                + prefix + "MetricStat.Metric.Namespace=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
                + prefix + "MetricStat.Metric.MetricName=" + metric
                + prefix + "MetricStat.Metric.Dimensions.member.1.Name=" + dimension
                + prefix + "MetricStat.Metric.Dimensions.member.1.Value=" + value;
    }

    private static List<Map.Entry<Instant, Double>> pairs(MetricDataResult result) {
        List<Map.Entry<Instant, Double>> pairs = new ArrayList<>();
        for (int i = 0; i < result.values().size(); i++) {
            pairs.add(Map.entry(result.timestamps().get(i), result.values().get(i)));
        }
        return pairs;
    }

    private static HttpRequest jsonRequest(String operation, String body) {
        return signed().header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "GraniteServiceVersion20100801." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest queryRequest(String form) {
        return signed().header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    // The emulator routes on the SigV4 credential scope and does not verify signatures.
    private static HttpRequest.Builder signed() {
        String accessKey = tenant.credentials().resolveCredentials().accessKeyId();
        return HttpRequest.newBuilder(SharedEmulator.endpoint().resolve("/")).header("Authorization",
                "AWS4-HMAC-SHA256 Credential=" + accessKey + "/20260101/us-east-1/monitoring/aws4_request, "
                        + "SignedHeaders=host, Signature=0");
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Document xml(String body) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element parent, String child) {
        return parent.getElementsByTagName(child).item(0).getTextContent();
    }

    private static List<String> members(Element parent, String list) {
        List<String> members = new ArrayList<>();
        Node container = parent.getElementsByTagName(list).item(0);
        for (Node member = container.getFirstChild(); member != null; member = member.getNextSibling()) {
            members.add(member.getTextContent());
        }
        return members;
    }
}
