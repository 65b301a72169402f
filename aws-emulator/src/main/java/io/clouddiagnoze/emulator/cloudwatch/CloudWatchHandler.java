package io.clouddiagnoze.emulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Documents;
import io.clouddiagnoze.emulator.protocol.Paging;
import io.clouddiagnoze.emulator.protocol.Params;
import io.clouddiagnoze.emulator.protocol.Protocol;
import io.clouddiagnoze.emulator.protocol.Reply;
import io.clouddiagnoze.emulator.server.AwsRequest;
import io.clouddiagnoze.emulator.server.CallContext;
import io.clouddiagnoze.emulator.server.QueryCalls;
import io.clouddiagnoze.emulator.server.ServiceCall;
import io.clouddiagnoze.emulator.server.ServiceErrors;
import io.clouddiagnoze.emulator.server.ServiceHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CloudWatch GetMetricData and ListMetrics in all three protocols clients send: Smithy RPC v2 CBOR (the
 * current Java SDK), AWS JSON 1.0 (newer botocore) and the query protocol (older CLIs). The request is
 * decoded into one document shape, so every protocol gets the same datapoints.
 */
public final class CloudWatchHandler implements ServiceHandler {

    private static final String SERVICE = "GraniteServiceVersion20100801";
    private static final String RPC_V2_PATH = "/service/" + SERVICE + "/operation/";
    private static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final int LIST_METRICS_PAGE = 500;
    private static final ServiceErrors ERRORS = new ServiceErrors(400, "Throttling", "Rate exceeded", 403, "AccessDenied");

    private final Clock clock;

    public CloudWatchHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return "monitoring";
    }

    @Override
    public Protocol protocol(AwsRequest request) {
        if (request.path().startsWith("/service/")) {
            return Protocol.RPC_V2_CBOR;
        }
        return request.header("x-amz-target") != null ? Protocol.JSON_1_0 : Protocol.QUERY;
    }

    @Override
    public ServiceErrors errors() {
        return ERRORS;
    }

    @Override
    public ServiceCall identify(AwsRequest request) {
        Protocol protocol = protocol(request);
        return switch (protocol) {
            case RPC_V2_CBOR -> {
                if (!request.path().startsWith(RPC_V2_PATH)) {
                    throw protocol.unknownOperation(request.path());
                }
                if (!"rpc-v2-cbor".equals(request.header("smithy-protocol"))) {
                    throw ApiError.badRequest("SerializationException", "RPC v2 requests need the header smithy-protocol: rpc-v2-cbor.");
                }
                yield new ServiceCall(request.path().substring(RPC_V2_PATH.length()), protocol,
                        Documents.readCbor(request.body()), request);
            }
            case JSON_1_0 -> {
                String target = request.header("x-amz-target");
                if (!target.startsWith(SERVICE + ".")) {
                    throw protocol.unknownOperation(target);
                }
                yield new ServiceCall(target.substring(SERVICE.length() + 1), protocol,
                        Documents.readJson(request.body()), request);
            }
            default -> QueryCalls.identify(request, protocol);
        };
    }

    @Override
    public Reply handle(ServiceCall call, CallContext context) {
        MetricCatalog catalog = new MetricCatalog(context.account(), context.region());
        ObjectNode output = switch (call.operation()) {
            case "GetMetricData" -> GetMetricData.run(call.input(), catalog, clock.instant());
            case "ListMetrics" -> listMetrics(call.input(), catalog);
            default -> throw call.protocol().unknownOperation(call.operation());
        };
        return switch (call.protocol()) {
            case RPC_V2_CBOR -> Reply.of(200, Protocol.CBOR_CONTENT_TYPE, Documents.writeCbor(output))
                    .withHeader("smithy-protocol", "rpc-v2-cbor");
            case JSON_1_0 -> Reply.of(200, Protocol.JSON_CONTENT_TYPE, Documents.writeJson(output));
            default -> QueryCalls.response(call, NAMESPACE, context.requestId(), xml -> Documents.writeXml(xml, output));
        };
    }

    private static ObjectNode listMetrics(JsonNode input, MetricCatalog catalog) {
        String namespace = Params.text(input, "Namespace");
        String metricName = Params.text(input, "MetricName");
        List<JsonNode> dimensionFilters = Params.list(input, "Dimensions");
        Predicate<MetricDescriptor> matches = metric -> {
            if (metricName != null && !metric.metricName().equals(metricName)) {
                return false;
            }
            Map<String, String> dimensions = metric.dimensionMap();
            return dimensionFilters.stream().allMatch(filter -> {
                String value = dimensions.get(Params.text(filter, "Name"));
                String wanted = Params.text(filter, "Value");
                return value != null && (wanted == null || wanted.equals(value));
            });
        };
        Paging.Page<MetricDescriptor> page = Paging.page(catalog.list(namespace), matches,
                Params.text(input, "NextToken"), LIST_METRICS_PAGE, "InvalidNextToken");
        ObjectNode output = Documents.object();
        ArrayNode metrics = output.putArray("Metrics");
        for (MetricDescriptor metric : page.items()) {
            ObjectNode entry = metrics.addObject().put("Namespace", metric.namespace()).put("MetricName", metric.metricName());
            ArrayNode dimensions = entry.putArray("Dimensions");
            metric.dimensions().forEach(dimension -> dimensions.addObject()
                    .put("Name", dimension.name()).put("Value", dimension.value()));
        }
        if (page.nextToken() != null) {
            output.put("NextToken", page.nextToken());
        }
        return output;
    }
}
