package io.clouddiagnoze.emulator.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * Structured request and response documents in the three encodings CloudWatch speaks: JSON, CBOR and
 * query-protocol XML. Documents are Jackson trees; a timestamp is a {@link #timestamp(Instant)} node
 * so each encoding can write it its own way (CBOR tag 1, JSON epoch seconds, XML ISO-8601).
 */
public final class Documents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();
    private static final int CBOR_EPOCH_TAG = 1;

    private Documents() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static POJONode timestamp(Instant instant) {
        return new POJONode(instant);
    }

    public static ObjectNode readJson(byte[] body) {
        return read(JSON, body);
    }

    public static ObjectNode readCbor(byte[] body) {
        return read(CBOR, body);
    }

    public static byte[] writeJson(JsonNode document) {
        return write(JSON, document);
    }

    public static byte[] writeCbor(JsonNode document) {
        return write(CBOR, document);
    }

    /** Writes an object's members as elements; list entries become {@code <member>} elements. */
    public static void writeXml(XmlWriter xml, JsonNode document) {
        for (Map.Entry<String, JsonNode> field : document.properties()) {
            writeXmlValue(xml, field.getKey(), field.getValue());
        }
    }

    private static void writeXmlValue(XmlWriter xml, String name, JsonNode value) {
        if (value.isObject()) {
            xml.start(name);
            writeXml(xml, value);
            xml.end();
        } else if (value.isArray()) {
            xml.start(name);
            value.forEach(entry -> writeXmlValue(xml, "member", entry));
            xml.end();
        } else if (value instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            xml.element(name, instant);
        } else if (!value.isNull()) {
            xml.element(name, value.asText());
        }
    }

    private static ObjectNode read(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            return object();
        }
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // answered below: a body that does not parse is the caller's error
        }
        throw ApiError.badRequest("SerializationException", "The request body is not a valid document.");
    }

    private static byte[] write(ObjectMapper mapper, JsonNode document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
            write(generator, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isObject()) {
            generator.writeStartObject();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                generator.writeFieldName(field.getKey());
                write(generator, field.getValue());
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode entry : node) {
                write(generator, entry);
            }
            generator.writeEndArray();
        } else if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            if (generator instanceof CBORGenerator cbor) {
                cbor.writeTag(CBOR_EPOCH_TAG);
            }
            Number seconds = Timestamps.epochSeconds(instant);
            if (seconds instanceof Long whole) {
                generator.writeNumber(whole);
            } else {
                generator.writeNumber(seconds.doubleValue());
            }
        } else if (node.isIntegralNumber()) {
            generator.writeNumber(node.longValue());
        } else if (node.isNumber()) {
            generator.writeNumber(node.doubleValue());
        } else if (node.isBoolean()) {
            generator.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            generator.writeNull();
        } else {
            generator.writeString(node.asText());
        }
    }
}
