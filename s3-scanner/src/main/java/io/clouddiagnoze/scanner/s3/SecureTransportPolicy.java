package io.clouddiagnoze.scanner.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Whether a bucket policy refuses requests not made over TLS (CIS AWS Foundations 2.1.1): a Deny statement, for every
 * principal, of all S3 actions or of reading objects, on the condition {@code Bool aws:SecureTransport false}. IAM
 * writes single values or lists, booleans as text or JSON booleans, and condition keys in any case; all count.
 */
final class SecureTransportPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACTIONS = Set.of("*", "s3:*", "s3:getobject");

    private SecureTransportPolicy() {
    }

    /** Whether {@code policy}, a bucket policy document as GetBucketPolicy answers it, denies plain HTTP; false if unreadable. */
    static boolean requiresTls(String policy) {
        try {
            return values(JSON.readTree(policy).path("Statement")).anyMatch(SecureTransportPolicy::deniesPlainHttp);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static boolean deniesPlainHttp(JsonNode statement) {
        JsonNode principal = statement.path("Principal");
        return statement.path("Effect").asText().equals("Deny")
                && (principal.asText().equals("*") || values(principal.path("AWS")).anyMatch(p -> p.asText().equals("*")))
                && values(statement.path("Action")).anyMatch(action -> ACTIONS.contains(action.asText().toLowerCase()))
                && values(ignoringCase(ignoringCase(statement.path("Condition"), "Bool"), "aws:SecureTransport"))
                        .anyMatch(value -> value.asText().equalsIgnoreCase("false"));
    }

    /** The member {@code name} of {@code object}, whatever its case (missing when none). */
    private static JsonNode ignoringCase(JsonNode object, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return JSON.missingNode();
    }

    /** A policy element's values: those of a list, or the single value. */
    private static Stream<JsonNode> values(JsonNode element) {
        if (element.isMissingNode() || element.isNull()) {
            return Stream.empty();
        }
        return element.isArray() ? StreamSupport.stream(element.spliterator(), false) : Stream.of(element);
    }
}
