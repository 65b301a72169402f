package io.clouddiagnoze.emulator.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The wire protocols the emulator speaks; each renders errors in the shape its SDK parsers expect. */
public enum Protocol {

    /** EC2's own query dialect: {@code Response/Errors/Error} with a {@code RequestID}. */
    EC2 {
        @Override
        public Reply error(ApiError error, String requestId) {
            XmlWriter xml = new XmlWriter().start("Response").start("Errors").start("Error")
                    .element("Code", error.code()).element("Message", error.getMessage())
                    .end().end().element("RequestID", requestId).end();
            return Reply.xml(error.status(), xml);
        }
    },

    /** The query protocol of STS, RDS and CloudWatch: {@code ErrorResponse/Error} with Type, Code, Message. */
    QUERY {
        @Override
        public Reply error(ApiError error, String requestId) {
            XmlWriter xml = new XmlWriter().start("ErrorResponse").start("Error")
                    .element("Type", error.senderFault() ? "Sender" : "Receiver")
                    .element("Code", error.code()).element("Message", error.getMessage())
                    .end().element("RequestId", requestId).end();
            return Reply.xml(error.status(), xml);
        }
    },

    /** S3's REST protocol: {@code Error/Code/Message}. */
    REST_XML {
        @Override
        public Reply error(ApiError error, String requestId) {
            XmlWriter xml = new XmlWriter().start("Error")
                    .element("Code", error.code()).element("Message", error.getMessage())
                    .element("RequestId", requestId).element("HostId", requestId).end();
            return Reply.xml(error.status(), xml).withHeader("x-amz-request-id", requestId);
        }
    },

    /** REST-XML as S3 Control speaks it: errors wrapped in {@code ErrorResponse/Error}, as the query protocol writes them. */
    REST_XML_WRAPPED {
        @Override
        public Reply error(ApiError error, String requestId) {
            return QUERY.error(error, requestId).withHeader("x-amz-request-id", requestId);
        }
    },

    /** AWS JSON 1.0 ({@code X-Amz-Target}); errors carry {@code __type}. */
    JSON_1_0 {
        @Override
        public Reply error(ApiError error, String requestId) {
            return jsonStyleError(error, Reply.of(error.status(), JSON_CONTENT_TYPE,
                    Documents.writeJson(errorDocument(error))));
        }
    },

    /** Smithy RPC v2 CBOR; errors carry {@code __type} in a CBOR body. */
    RPC_V2_CBOR {
        @Override
        public Reply error(ApiError error, String requestId) {
            return jsonStyleError(error, Reply.of(error.status(), CBOR_CONTENT_TYPE,
                    Documents.writeCbor(errorDocument(error))).withHeader("smithy-protocol", "rpc-v2-cbor"));
        }
    };

    public static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
    public static final String CBOR_CONTENT_TYPE = "application/cbor";

    /** Renders an error the way this protocol's clients parse it. */
    public abstract Reply error(ApiError error, String requestId);

    /** The error a real service of this protocol gives for an operation it does not have. */
    public ApiError unknownOperation(String operation) {
        String notEmulated = " (the emulator does not emulate it)";
        return switch (this) {
            case EC2, QUERY -> ApiError.badRequest("InvalidAction",
                    "The action " + operation + " is not valid for this web service" + notEmulated + ".");
            case REST_XML, REST_XML_WRAPPED -> new ApiError(501, "NotImplemented",
                    "The operation " + operation + " is not implemented" + notEmulated + ".");
            case JSON_1_0, RPC_V2_CBOR -> ApiError.badRequest("UnknownOperationException",
                    "The operation " + operation + " is unknown" + notEmulated + ".");
        };
    }

    private static ObjectNode errorDocument(ApiError error) {
        ObjectNode document = Documents.object();
        document.put("__type", error.code());
        document.put("message", error.getMessage());
        return document;
    }

    // The JSON and CBOR speakers here (CloudWatch) are query-compatible: SDKs take the error code from
    // this header so it is the same code the query protocol would have given.
    private static Reply jsonStyleError(ApiError error, Reply reply) {
        return reply.withHeader("x-amzn-query-error", error.code() + ";" + (error.senderFault() ? "Sender" : "Receiver"));
    }
}
