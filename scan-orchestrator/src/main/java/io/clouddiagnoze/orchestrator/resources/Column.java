package io.clouddiagnoze.orchestrator.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * One column of a resource table: its SQL name, the field name it has in API answers, how its value is
 * stored, and how to take that value from the discovered resource. JSON columns are written and read with the
 * service's {@link ObjectMapper}, which the caller hands over.
 */
public record Column<R>(String name, String field, Kind kind, Function<R, Object> value) {

    /** How a value is stored in MariaDB and read back. */
    public enum Kind { TEXT, INTEGER, BOOLEAN, DECIMAL, TIMESTAMP, JSON }

    public static <R> Column<R> text(String name, String field, Function<R, Object> value) {
        return new Column<>(name, field, Kind.TEXT, value);
    }

    public static <R> Column<R> integer(String name, String field, Function<R, Object> value) {
        return new Column<>(name, field, Kind.INTEGER, value);
    }

    public static <R> Column<R> bool(String name, String field, Function<R, Object> value) {
        return new Column<>(name, field, Kind.BOOLEAN, value);
    }

    public static <R> Column<R> decimal(String name, String field, Function<R, Object> value) {
        return new Column<>(name, field, Kind.DECIMAL, value);
    }

    public static <R> Column<R> timestamp(String name, String field, Function<R, Object> value) {
        return new Column<>(name, field, Kind.TIMESTAMP, value);
    }

    public static <R> Column<R> json(String name, String field, Function<R, Object> value) {
        return new Column<>(name, field, Kind.JSON, value);
    }

    /** The value to bind for {@code resource}. */
    public Object bind(R resource, ObjectMapper json) {
        Object v = value.apply(resource);
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case TIMESTAMP -> LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC);
            case JSON -> writeJson(json, v);
            default -> v;
        };
    }

    /** The value of this column in {@code row}, selected under the name {@code alias}, as it appears in API answers. */
    public Object read(Row row, String alias, ObjectMapper json) {
        if (row.getValue(alias) == null) {
            return null;
        }
        return switch (kind) {
            case TEXT -> row.getString(alias);
            case INTEGER -> row.getInteger(alias);
            case BOOLEAN -> row.getBoolean(alias);
            case DECIMAL -> new BigDecimal(row.getValue(alias).toString());
            case TIMESTAMP -> row.getLocalDateTime(alias).toInstant(ZoneOffset.UTC);
            case JSON -> readJson(json, row.getString(alias));
        };
    }

    private static String writeJson(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    private static Object readJson(ObjectMapper json, String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON column holds invalid JSON", e);
        }
    }
}
