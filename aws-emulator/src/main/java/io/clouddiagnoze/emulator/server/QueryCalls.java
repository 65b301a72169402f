package io.clouddiagnoze.emulator.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Params;
import io.clouddiagnoze.emulator.protocol.Protocol;
import io.clouddiagnoze.emulator.protocol.QueryParser;
import io.clouddiagnoze.emulator.protocol.Reply;
import io.clouddiagnoze.emulator.protocol.XmlWriter;
import java.util.function.Consumer;

/** Request decoding and response envelopes shared by the query-protocol services (STS, RDS, CloudWatch, EC2). */
public final class QueryCalls {

    private QueryCalls() {
    }

    /** Reads the parameters from the query string and a form body, and the operation from {@code Action}. */
    public static ServiceCall identify(AwsRequest request, Protocol protocol) {
        String contentType = request.header("content-type");
        boolean formBody = contentType == null || contentType.startsWith("application/x-www-form-urlencoded");
        ObjectNode params = QueryParser.parse(request.rawQuery(), formBody ? request.bodyText() : "");
        String action = Params.text(params, "Action");
        if (action == null || action.isEmpty()) {
            throw ApiError.badRequest("MissingAction", "The request must contain the parameter Action.");
        }
        return new ServiceCall(action, protocol, params, request);
    }

    /** {@code <XResponse><XResult>…</XResult><ResponseMetadata>…}: the query protocol's answer. */
    public static Reply response(ServiceCall call, String namespace, String requestId, Consumer<XmlWriter> result) {
        XmlWriter xml = new XmlWriter().start(call.operation() + "Response", "xmlns", namespace)
                .start(call.operation() + "Result");
        result.accept(xml);
        xml.end().start("ResponseMetadata").element("RequestId", requestId).end().end();
        return Reply.xml(200, xml);
    }

    /** {@code <XResponse><requestId/>…}: EC2's answer, which has no result wrapper. */
    public static Reply ec2Response(ServiceCall call, String requestId, Consumer<XmlWriter> body) {
        XmlWriter xml = new XmlWriter().start(call.operation() + "Response",
                "xmlns", "http://ec2.amazonaws.com/doc/2016-11-15/").element("requestId", requestId);
        body.accept(xml);
        return Reply.xml(200, xml.end());
    }
}
