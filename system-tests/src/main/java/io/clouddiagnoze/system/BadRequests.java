package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bad requests for one API operation, generated from its OpenAPI description: every path and query parameter
 * and every body field given values of the wrong type, out of bounds, malformed, hostile or exotic, bodies that are
 * not JSON, not objects, too deep or too large, and a method the path does not take. Each other parameter keeps a
 * harmless value (its first allowed value), so that the bad one is what the service must deal with.
 */
final class BadRequests {
    /** One request to send: what is wrong with it, and the request itself (the target is already URL-encoded). */
    record Probe(String what, String method, String target, String contentType, byte[] body) {
    }

    /** Text no parameter or field should choke on: numbers out of range, injections, unicode edge cases, bad dates. */
    static final List<String> BAD_TEXT = List.of("", " ", "-1", "0", "2147483648", "-9223372036854775809",
            "99999999999999999999999999999", "1e308", "NaN", "1.5", "true", "null", "' OR '1'='1",
            "1; DROP TABLE scan_runs; --", "\" OR \"\"=\"", "%", "_", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1:1/a}", "{{7*7}}", "../../../../etc/passwd", "\u0000", "\u202Eevil", "\uD83D\uDE00\uD83D\uDD25",
            "\uD835\uDD32\uD835\uDD2B\uD835\uDD26", "\uFEFFbom", "e\u0301\u0301\u0301", "\uFF46\uFF55\uFF4C\uFF4C",
            "\r\nSet-Cookie: x=1", "2026-13-45T99:99:99Z", "-999999999-01-01T00:00:00Z", "P99999999999D", "-PT1H",
            "a".repeat(5_000));
    /** Bytes that are not UTF-8 as they reach a URL (percent-encoded on purpose): overlong, invalid, a lone surrogate. */
    private static final List<String> BAD_URL_BYTES = List.of("%C0%AF", "%FF%FE", "%ED%A0%80");
    /** Longer than any request line the gateway takes (8 KiB). */
    private static final String HUGE_PARAMETER = "a".repeat(20_000);
    /** Stands for a lone UTF-16 surrogate in a JSON body: replaced by its escape once the body is written. */
    private static final String LONE_SURROGATE = "LONE-SURROGATE-f3a9";
    private static final List<JsonNode> WRONG_TYPES = List.of(JsonNodeFactory.instance.numberNode(42),
            JsonNodeFactory.instance.numberNode(-1), JsonNodeFactory.instance.numberNode(1.5),
            JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.textNode("text"),
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.nullNode());
    /** Over every service's 64 KiB body limit, and over the gateway's 128 KiB. */
    private static final List<Integer> HUGE_BODIES = List.of(70_000, 200_000);
    private static final String JSON = "application/json";

    private final JsonNode components;

    BadRequests(JsonNode openApi) {
        this.components = openApi.path("components").path("schemas");
    }

    /** The bad requests for {@code method} on {@code path}, as its OpenAPI {@code operation} describes it. */
    List<Probe> of(String method, String path, JsonNode operation) {
        List<Probe> probes = new ArrayList<>();
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        for (JsonNode parameter : parameters) {
            for (Map.Entry<String, String> bad : badParameterValues(schema(parameter.path("schema")))) {
                probes.add(new Probe(parameter.path("in").asText() + " parameter " + parameter.path("name").asText() + " = " + bad.getKey(),
                        method, target(path, parameters, parameter, bad.getValue()), null, null));
            }
        }
        // The inventory reads tag:KEY filters, whose names OpenAPI cannot declare.
        for (String name : List.of("unexpected", "tag:", "tag:" + BAD_TEXT.get(17), "tag:" + "k".repeat(300))) {
            probes.add(new Probe("undeclared query parameter " + abbreviate(name), method,
                    target(path, parameters, null, null) + "?" + encode(name) + "=" + encode("x"), null, null));
        }
        JsonNode body = operation.path("requestBody").path("content").path(JSON).path("schema");
        if (!body.isMissingNode()) {
            String target = target(path, parameters, null, null);
            badBodies(schema(body)).forEach((what, text) -> probes.add(new Probe(what, method, target, JSON, text)));
            probes.add(new Probe("a JSON body sent as text/plain", method, target, "text/plain", bytes(example(schema(body)))));
            probes.add(new Probe("an XML body", method, target, "application/xml", "<request/>".getBytes(StandardCharsets.UTF_8)));
        }
        return probes;
    }

    /** A method the path does not take, with a body. */
    static Probe wrongMethod(String path, String method) {
        return new Probe("method " + method + " that the path does not take", method, path.replaceAll("\\{[^}]+}", "1"), JSON,
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** What to put in a parameter, by what is wrong with it: the URL-encoded value. */
    private List<Map.Entry<String, String>> badParameterValues(JsonNode schema) {
        List<Map.Entry<String, String>> values = new ArrayList<>();
        BAD_TEXT.forEach(text -> values.add(Map.entry(abbreviate(text), encode(text))));
        BAD_URL_BYTES.forEach(raw -> values.add(Map.entry("bytes " + raw, raw)));
        values.add(Map.entry("20,000 characters", HUGE_PARAMETER));
        if (schema.has("maxLength")) {
            values.add(Map.entry("maxLength + 1 characters", "b".repeat(schema.get("maxLength").asInt() + 1)));
        }
        return values;
    }

    /** The path with every parameter filled in harmlessly but {@code bad}, which takes {@code badValue}; and its query. */
    private String target(String path, List<JsonNode> parameters, JsonNode bad, String badValue) {
        String filled = path;
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            boolean isBad = parameter == bad;
            if (parameter.path("in").asText().equals("path")) {
                filled = filled.replace("{" + name + "}", isBad ? badValue : encode(harmless(schema(parameter.path("schema")))));
            } else if (isBad) {
                query.add(encode(name) + "=" + badValue);
            }
        }
        return query.isEmpty() ? filled : filled + "?" + String.join("&", query);
    }

    private static String harmless(JsonNode schema) {
        return schema.has("enum") ? schema.get("enum").get(0).asText() : "1";
    }

    /** Bodies that are not what the schema asks for, by what is wrong with them. */
    private Map<String, byte[]> badBodies(JsonNode schema) {
        ObjectNode example = (ObjectNode) example(schema);
        Map<String, byte[]> bodies = new java.util.LinkedHashMap<>();
        bodies.put("an empty body", new byte[0]);
        bodies.put("a body that is not JSON", "{\"broken".getBytes(StandardCharsets.UTF_8));
        bodies.put("a body of bytes that are not UTF-8", concat("{\"x\":\"", new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, "\"}"));
        for (String notAnObject : List.of("null", "[]", "\"text\"", "42", "[{}]")) {
            bodies.put("the body " + notAnObject, notAnObject.getBytes(StandardCharsets.UTF_8));
        }
        bodies.put("an empty object", "{}".getBytes(StandardCharsets.UTF_8));
        bodies.put("JSON nested 5,000 deep", ("{\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("a number too large for any type", "{\"x\":1e400}".getBytes(StandardCharsets.UTF_8));
        bodies.put("an unknown field", bytes(example.deepCopy().put("unexpected", "x")));
        bodies.put("a __proto__ field", bytes(example.deepCopy().set("__proto__", JsonNodeFactory.instance.objectNode().put("admin", true))));
        for (int size : HUGE_BODIES) {
            bodies.put(String.format("a body of %,d bytes", size), bytes(example.deepCopy().put("padding", "p".repeat(size))));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode fieldSchema = schema(field.getValue());
            ObjectNode without = example.deepCopy();
            without.remove(name);
            bodies.put(name + " missing", bytes(without));
            String json = example.toString();
            bodies.put(name + " given twice", ("{\"" + name + "\":" + example.get(name) + "," + json.substring(1))
                    .getBytes(StandardCharsets.UTF_8));
            bodies.put(name + " = a too large integer", replaced(example, name, "123456789012345678901234567890"));
            for (JsonNode wrong : WRONG_TYPES) {
                if (!sameType(wrong, fieldSchema)) {
                    bodies.put(name + " = " + wrong, bytes(example.deepCopy().set(name, wrong)));
                }
            }
            boolean textual = fieldSchema.path("type").asText().equals("string");
            boolean list = fieldSchema.path("type").asText().equals("array");
            if (textual || list) {
                for (String text : BAD_TEXT) {
                    JsonNode value = JsonNodeFactory.instance.textNode(text);
                    bodies.put(name + " = " + abbreviate(text),
                            bytes(example.deepCopy().set(name, list ? JsonNodeFactory.instance.arrayNode().add(value) : value)));
                }
                JsonNode lone = JsonNodeFactory.instance.textNode(LONE_SURROGATE);
                bodies.put(name + " = a lone surrogate", bytes(example.deepCopy().set(name, list ? JsonNodeFactory.instance.arrayNode().add(lone) : lone)));
            }
            if (fieldSchema.has("maxLength")) {
                bodies.put(name + " = maxLength + 1 characters",
                        bytes(example.deepCopy().put(name, "b".repeat(fieldSchema.get("maxLength").asInt() + 1))));
            }
            if (list) {
                ArrayNode many = JsonNodeFactory.instance.arrayNode();
                int count = fieldSchema.path("maxItems").asInt(10_000) + 1;
                for (int i = 0; i < count; i++) {
                    many.add(example(schema(fieldSchema.path("items"))));
                }
                bodies.put(name + " with " + count + " items", bytes(example.deepCopy().set(name, many)));
                if (fieldSchema.path("minItems").asInt() > 0) {
                    bodies.put(name + " empty", bytes(example.deepCopy().set(name, JsonNodeFactory.instance.arrayNode())));
                }
                for (JsonNode wrong : WRONG_TYPES) {
                    bodies.put(name + " = [" + wrong + "]", bytes(example.deepCopy().set(name, JsonNodeFactory.instance.arrayNode().add(wrong))));
                }
            }
        }
        return bodies;
    }

    /** A value the schema describes: its first allowed value, "x", 1, true, one item, every property. */
    private JsonNode example(JsonNode schema) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        return switch (schema.path("type").asText()) {
            case "integer", "number" -> nodes.numberNode(1);
            case "boolean" -> nodes.booleanNode(true);
            case "array" -> nodes.arrayNode().add(example(schema(schema.path("items"))));
            case "object" -> {
                ObjectNode object = nodes.objectNode();
                schema.path("properties").fields().forEachRemaining(field -> object.set(field.getKey(), example(schema(field.getValue()))));
                yield object;
            }
            default -> nodes.textNode("x");
        };
    }

    /** The schema itself, or the one its {@code $ref} names. */
    private JsonNode schema(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : components.path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static boolean sameType(JsonNode value, JsonNode schema) {
        return switch (schema.path("type").asText()) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> false;
        };
    }

    /** The example's JSON with one field's value replaced by raw JSON text. */
    private static byte[] replaced(ObjectNode example, String field, String rawValue) {
        String marker = "RAW-VALUE-7c1e";
        return new String(bytes(example.deepCopy().put(field, marker)), StandardCharsets.UTF_8)
                .replace("\"" + marker + "\"", rawValue).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode value) {
        return value.toString().replace(LONE_SURROGATE, "\\ud800").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] end = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(middle, 0, all, start.length, middle.length);
        System.arraycopy(end, 0, all, start.length + middle.length, end.length);
        return all;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Printable and short: control characters escaped, long text cut. */
    static String abbreviate(String text) {
        String printable = text.codePoints().mapToObj(c -> Character.isISOControl(c) || c == 0x202E || c == 0xFEFF
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))).collect(Collectors.joining());
        return printable.length() > 40 ? printable.substring(0, 20) + "…(" + text.length() + " characters)" : "\"" + printable + "\"";
    }
}
