package io.clouddiagnoze.notification.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Lists in JSON columns, which MariaDB hands back as text. */
@ApplicationScoped
class JsonColumns {
    private final ObjectMapper json;

    JsonColumns(ObjectMapper json) {
        this.json = json;
    }

    String write(List<?> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }

    <T> List<T> read(String column, TypeReference<List<T>> type) {
        if (column == null) {
            return List.of();
        }
        try {
            return json.readValue(column, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON column does not hold a list", e);
        }
    }

    List<String> strings(String column) {
        return read(column, new TypeReference<>() { });
    }

    List<Long> longs(String column) {
        return read(column, new TypeReference<>() { });
    }
}
