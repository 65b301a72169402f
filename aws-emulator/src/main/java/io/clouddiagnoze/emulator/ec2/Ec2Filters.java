package io.clouddiagnoze.emulator.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Params;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * EC2's {@code Filter.N.Name}/{@code Filter.N.Value.M} semantics for one resource type: filters AND
 * together, the values of one filter OR, values may use {@code *} and {@code ?} wildcards, and
 * {@code tag:KEY}, {@code tag-key} and {@code tag-value} work on every taggable resource.
 */
final class Ec2Filters<T> {

    private final Map<String, Function<T, Collection<String>>> fields = new LinkedHashMap<>();
    private final Function<T, Map<String, String>> tags;

    Ec2Filters(Function<T, Map<String, String>> tags) {
        this.tags = tags;
    }

    /** Declares a filter name and the value(s) of a resource it matches against. */
    Ec2Filters<T> field(String name, Function<T, Object> value) {
        fields.put(name, resource -> {
            Object field = value.apply(resource);
            if (field == null) {
                return List.of();
            }
            if (field instanceof Collection<?> many) {
                return many.stream().map(String::valueOf).toList();
            }
            return List.of(String.valueOf(field));
        });
        return this;
    }

    /** The predicate for the request's {@code Filter} list. */
    Predicate<T> parse(JsonNode input) {
        Predicate<T> all = resource -> true;
        for (JsonNode filter : Params.list(input, "Filter")) {
            String name = Params.text(filter, "Name");
            List<Pattern> values = Params.strings(filter, "Value").stream().map(Ec2Filters::glob).toList();
            Function<T, Collection<String>> candidates = candidates(name);
            all = all.and(resource -> candidates.apply(resource).stream()
                    .anyMatch(candidate -> values.stream().anyMatch(value -> value.matcher(candidate).matches())));
        }
        return all;
    }

    private Function<T, Collection<String>> candidates(String name) {
        if (name == null) {
            throw ApiError.badRequest("InvalidParameterValue", "A filter needs a Name.");
        }
        if (name.startsWith("tag:")) {
            String key = name.substring(4);
            return resource -> {
                String value = tags.apply(resource).get(key);
                return value == null ? List.of() : List.of(value);
            };
        }
        if (name.equals("tag-key")) {
            return resource -> tags.apply(resource).keySet();
        }
        if (name.equals("tag-value")) {
            return resource -> new ArrayList<>(tags.apply(resource).values());
        }
        Function<T, Collection<String>> field = fields.get(name);
        if (field == null) {
            throw ApiError.badRequest("InvalidParameterValue", "The filter '" + name + "' is invalid");
        }
        return field;
    }

    private static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        return Pattern.compile(regex.append(Pattern.quote(literal.toString())).toString());
    }
}
