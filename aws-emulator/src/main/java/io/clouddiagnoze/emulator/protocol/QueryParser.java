package io.clouddiagnoze.emulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns the flat parameters of the query and EC2 protocols into a tree, so one request shape serves
 * every protocol. {@code Filter.1.Value.2=x} (EC2) and {@code Dimensions.member.1.Name=x} (query) both
 * become lists; the {@code member} wrapper of the query protocol is dropped.
 */
public final class QueryParser {

    private static final int MAX_LIST_INDEX = 100_000;

    private QueryParser() {
    }

    /** Parses URL-encoded forms (the query string and the body), later ones adding to earlier ones. */
    public static ObjectNode parse(String... encodedForms) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (String form : encodedForms) {
            if (form == null || form.isEmpty()) {
                continue;
            }
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                put(root, key.split("\\.", -1), value, key);
            }
        }
        return root;
    }

    private static void put(ObjectNode root, String[] path, String value, String key) {
        JsonNode node = root;
        int i = 0;
        while (true) {
            boolean last = i == path.length - 1;
            if (node instanceof ObjectNode object) {
                if (path[i].isEmpty()) {
                    throw malformed(key);
                }
                if (last) {
                    object.put(path[i], value);
                    return;
                }
                int next = i + 1;
                if (path[next].equals("member") && next + 1 < path.length && isIndex(path[next + 1])) {
                    next++;
                }
                boolean list = isIndex(path[next]);
                JsonNode child = object.get(path[i]);
                if (child == null || !child.isContainerNode()) {
                    child = list ? object.putArray(path[i]) : object.putObject(path[i]);
                } else if (child.isArray() != list) {
                    throw malformed(key);
                }
                node = child;
                i = next;
            } else {
                ArrayNode array = (ArrayNode) node;
                int index = listIndex(path[i], key);
                while (array.size() <= index) {
                    array.addNull();
                }
                if (last) {
                    array.set(index, TextNode.valueOf(value));
                    return;
                }
                JsonNode child = array.get(index);
                if (!(child instanceof ObjectNode)) {
                    child = array.objectNode();
                    array.set(index, child);
                }
                node = child;
                i++;
            }
        }
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.length() < 7 && segment.chars().allMatch(Character::isDigit);
    }

    private static int listIndex(String segment, String key) {
        if (!isIndex(segment)) {
            throw malformed(key);
        }
        int index = Integer.parseInt(segment) - 1;
        if (index < 0 || index >= MAX_LIST_INDEX) {
            throw malformed(key);
        }
        return index;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("MalformedQueryString", "The query string is not correctly URL-encoded.");
        }
    }

    private static ApiError malformed(String key) {
        return ApiError.badRequest("MalformedQueryString", "The parameter name '" + key + "' is malformed.");
    }
}
