package io.clouddiagnoze.emulator.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bucket policy documents as generated buckets carry them: one public, one that only refuses plain HTTP. */
final class BucketPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BucketPolicies() {
    }

    /** Anyone may read the bucket's objects: a policy AWS judges public. */
    static JsonNode publicRead(String bucket) {
        return document(statement("PublicRead", "Allow", "s3:GetObject", "arn:aws:s3:::" + bucket + "/*"));
    }

    /** Every request not made over TLS is refused, and nothing is granted. */
    static JsonNode denyInsecureTransport(String bucket) {
        ObjectNode deny = statement("DenyInsecureTransport", "Deny", "s3:*", null);
        deny.putArray("Resource").add("arn:aws:s3:::" + bucket).add("arn:aws:s3:::" + bucket + "/*");
        deny.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
        return document(deny);
    }

    private static ObjectNode statement(String sid, String effect, String action, String resource) {
        ObjectNode statement = JSON.createObjectNode().put("Sid", sid).put("Effect", effect).put("Principal", "*")
                .put("Action", action);
        return resource == null ? statement : statement.put("Resource", resource);
    }

    private static JsonNode document(ObjectNode statement) {
        ObjectNode document = JSON.createObjectNode().put("Version", "2012-10-17");
        document.putArray("Statement").add(statement);
        return document;
    }
}
