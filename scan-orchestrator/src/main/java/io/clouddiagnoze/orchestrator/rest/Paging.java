package io.clouddiagnoze.orchestrator.rest;

import io.clouddiagnoze.service.problem.ProblemException;

/**
 * A page of a listing: 0-based {@code page} (default 0), {@code size} from 1 to 500 (default 50). Read
 * from the raw query text, so that a value that is not a number is a 400 naming the parameter.
 */
public record Paging(int page, int size) {
    static final int MAX_SIZE = 500;

    public static Paging of(String page, String size) {
        return new Paging(number("page", page, 0, 0, 1_000_000), number("size", size, 50, 1, MAX_SIZE));
    }

    private static int number(String field, String text, int fallback, int min, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ProblemException.invalidField(field, "must be a whole number from " + min + " to " + max);
    }
}
