package io.clouddiagnoze.orchestrator.resources;

import io.clouddiagnoze.service.problem.ProblemException;
import java.util.List;
import java.util.Locale;

/**
 * An inventory filter: a query parameter, its label for people, the SQL condition it becomes, and the values a client
 * may offer for it (true and false for a flag; the known ones for text, which takes any value).
 */
public record Filter(String param, String label, String column, Kind kind, List<String> values) {
    private static final List<String> YES_OR_NO = List.of("true", "false");

    /** How the parameter's value turns into a condition. */
    public enum Kind {
        /** {@code true} or {@code false}, compared with a boolean column. */
        FLAG,
        /** Any text, compared for equality. */
        EQUALS,
        /** {@code true}: the column has a value; {@code false}: it has none. */
        PRESENT
    }

    public static Filter flag(String param, String label, String column) {
        return new Filter(param, label, column, Kind.FLAG, YES_OR_NO);
    }

    /** Equal to the text given, with the values commonly seen. */
    public static Filter equalTo(String param, String label, String column, String... known) {
        return new Filter(param, label, column, Kind.EQUALS, List.of(known));
    }

    public static Filter present(String param, String label, String column) {
        return new Filter(param, label, column, Kind.PRESENT, YES_OR_NO);
    }

    /** Whether its value is true or false rather than text. */
    public boolean yesOrNo() {
        return kind != Kind.EQUALS;
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
