package io.clouddiagnoze.emulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of request members, whichever protocol delivered them (query text or JSON/CBOR values). */
public final class Params {

    private Params() {
    }

    /** The member's text, or null when it is absent. */
    public static String text(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    public static String required(JsonNode parent, String name) {
        String value = text(parent, name);
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("MissingParameter", "The request must contain the parameter " + name + ".");
        }
        return value;
    }

    /** The member as an integer, or null when it is absent; text that is no integer is a 400. */
    public static Integer integer(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        try {
            return Integer.valueOf(node.asText().trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("InvalidParameterValue",
                    "Value (" + node.asText() + ") for parameter " + name + " is invalid. Expected an integer.");
        }
    }

    public static boolean bool(JsonNode parent, String name, boolean absent) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return absent;
        }
        return node.isBoolean() ? node.booleanValue() : Boolean.parseBoolean(node.asText());
    }

    /** The entries of a list member; an absent or empty list ({@code Name=} in the query protocol) is empty. */
    public static List<JsonNode> list(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        List<JsonNode> entries = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(entry -> {
                if (!entry.isNull()) {
                    entries.add(entry);
                }
            });
        }
        return entries;
    }

    public static List<String> strings(JsonNode parent, String name) {
        return list(parent, name).stream().map(JsonNode::asText).toList();
    }
}
