package io.clouddiagnoze.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Validates event JSON against the JSON Schemas published in this module. */
public final class EventSchemas {
    private static final Map<EventType, Schema> SCHEMAS = load();

    private EventSchemas() {
    }

    /** The schema violations of {@code json} as {@code type}; empty when it is valid. */
    public static List<String> violations(EventType type, String json) {
        try {
            return SCHEMAS.get(type).validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
        } catch (RuntimeException notJson) {
            return List.of("not JSON: " + notJson.getMessage());
        }
    }

    /** The text of the schema file, for publishing to downstream consumers. */
    public static String schemaText(EventType type) {
        try (InputStream in = open(type)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<EventType, Schema> load() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            try (InputStream in = open(type)) {
                schemas.put(type, registry.getSchema(in, InputFormat.JSON));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + type.schemaResource(), e);
            }
        }
        return schemas;
    }

    private static InputStream open(EventType type) {
        InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource());
        if (in == null) {
            throw new IllegalStateException("missing schema " + type.schemaResource());
        }
        return in;
    }
}
