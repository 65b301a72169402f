package io.clouddiagnoze.emulator.s3;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Protocol;
import io.clouddiagnoze.emulator.protocol.Reply;
import io.clouddiagnoze.emulator.protocol.XmlWriter;
import io.clouddiagnoze.emulator.server.AwsRequest;
import io.clouddiagnoze.emulator.server.CallContext;
import io.clouddiagnoze.emulator.server.ServiceCall;
import io.clouddiagnoze.emulator.state.Bucket;

/**
 * The S3 Control call scanners make, GetPublicAccessBlock of the account: REST-XML under {@code /v20180820/}, signed
 * as {@code s3}, the account named in the {@code x-amz-account-id} header. Named here by its IAM action,
 * GetAccountPublicAccessBlock, so that its faults and counts are not S3's bucket-level GetPublicAccessBlock.
 */
final class S3Control {
    static final String PATH = "/v20180820/";
    private static final String NAMESPACE = "http://awss3control.amazonaws.com/doc/2018-08-20/";

    private S3Control() {
    }

    static boolean handles(AwsRequest request) {
        return request.path().startsWith(PATH);
    }

    static ServiceCall identify(AwsRequest request) {
        String operation = request.method().equals("GET") && request.path().equals(PATH + "configuration/publicAccessBlock")
                ? "GetAccountPublicAccessBlock" : request.method() + " " + request.path();
        return new ServiceCall(operation, Protocol.REST_XML_WRAPPED,
                JsonNodeFactory.instance.objectNode().put("AccountId", request.header("x-amz-account-id")), request);
    }

    static Reply handle(ServiceCall call, CallContext context) {
        if (!call.operation().equals("GetAccountPublicAccessBlock")) {
            throw call.protocol().unknownOperation(call.operation());
        }
        if (!context.account().id().equals(call.input().path("AccountId").asText())) {
            throw new ApiError(403, "AccessDenied", "Access Denied");
        }
        Bucket.PublicAccessBlock block = context.account().publicAccessBlock();
        if (block == null) {
            throw new ApiError(404, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found");
        }
        return Reply.xml(200, S3Handler.flags(new XmlWriter().start("PublicAccessBlockConfiguration", "xmlns", NAMESPACE), block)
                .end());
    }
}
