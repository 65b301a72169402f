package io.clouddiagnoze.orchestrator.resources;

import io.clouddiagnoze.service.problem.ProblemException;
import java.util.List;
import java.util.Locale;

/** An inventory filter: a query parameter and the SQL condition it becomes. */
public record Filter(String param, String column, Kind kind) {

    /** How the parameter's value turns into a condition. */
    public enum Kind {
        /** {@code true} or {@code false}, compared with a boolean column. */
        FLAG,
        /** Any text, compared for equality. */
        EQUALS,
        /** {@code true}: the column has a value; {@code false}: it has none. */
        PRESENT
    }

    public static Filter flag(String param, String column) {
        return new Filter(param, column, Kind.FLAG);
    }

    public static Filter equalTo(String param, String column) {
        return new Filter(param, column, Kind.EQUALS);
    }

    public static Filter present(String param, String column) {
        return new Filter(param, column, Kind.PRESENT);
    }

    /** The condition for {@code value}, with its parameters appended to {@code params}. */
    public String condition(String value, List<Object> params) {
        return switch (kind) {
            case FLAG -> {
                params.add(parseBoolean(value));
                yield column + " = ?";
            }
            case EQUALS -> {
                params.add(value);
                yield column + " = ?";
            }
            case PRESENT -> column + (parseBoolean(value) ? " IS NOT NULL" : " IS NULL");
        };
    }

    private boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalidField(param, "must be true or false");
        };
    }
}
