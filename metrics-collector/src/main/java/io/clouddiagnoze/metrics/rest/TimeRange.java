package io.clouddiagnoze.metrics.rest;

import io.clouddiagnoze.metrics.store.HourlyRollupRepository;
import io.clouddiagnoze.service.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The range and step a series is asked for: {@code from} and {@code to} as ISO-8601 instants (default: the
 * last 24 hours), {@code step} as an ISO-8601 duration or seconds (default: the finest step of at least
 * 5 minutes; a default start falls on a step boundary). The step is raised where needed so that a series has at most {@link #MAX_POINTS} points.
 * A range that reaches before the raw points' window, or has a step of an hour or more, is widened to whole hours: the
 * hourly rollups answer it.
 */
record TimeRange(Instant from, Instant to, long stepSeconds) {
    static final int MAX_POINTS = 500;
    private static final Duration DEFAULT_LENGTH = Duration.ofHours(24);
    private static final Duration LONGEST = Duration.ofDays(400);
    private static final long FINEST_STEP = 60;
    private static final long DEFAULT_STEP = 300;
    private static final long HOUR = HourlyRollupRepository.HOUR_SECONDS;
    /** The instants a series may name: from the epoch to the last a DATETIME column holds. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static TimeRange of(String from, String to, String step) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_LENGTH) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalidField("from", "from must be before to");
        }
        long length = Duration.between(start, end).toSeconds();
        if (length > LONGEST.toSeconds()) {
            throw ProblemException.invalidField("from", "a range is at most " + LONGEST.toDays() + " days");
        }
        long asked = step == null ? DEFAULT_STEP : seconds(step);
        long fitting = Math.max(asked, (length + MAX_POINTS - 1) / MAX_POINTS);
        long rounded = (fitting + FINEST_STEP - 1) / FINEST_STEP * FINEST_STEP;
        // A range left to its defaults starts on a step boundary, so that repeated calls share their steps.
        Instant aligned = from == null ? Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), rounded) * rounded) : start;
        return new TimeRange(aligned, end, rounded);
    }

    /** This range, or where the hourly rollups must or may answer it, the same widened to whole hours. */
    TimeRange forRawWindow(Instant rawWindowStart) {
        if (!from.isBefore(rawWindowStart) && stepSeconds < HOUR) {
            return this;
        }
        long start = HourlyRollupRepository.hourOf(from).getEpochSecond();
        long end = -Math.floorDiv(-to.getEpochSecond(), HOUR) * HOUR;
        long fitting = Math.max(stepSeconds, (end - start + MAX_POINTS - 1) / MAX_POINTS);
        return new TimeRange(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), (fitting + HOUR - 1) / HOUR * HOUR);
    }

    private static Instant instant(String field, String value) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, field + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ProblemException.invalidField(field, field + " must lie between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }

    private static long seconds(String step) {
        long seconds;
        try {
            seconds = step.chars().allMatch(Character::isDigit) && step.length() <= 9 ? Long.parseLong(step)
                    : Duration.parse(step).toSeconds();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ProblemException.invalidField("step", "step must be an ISO-8601 duration such as PT1H, or seconds");
        }
        if (seconds < FINEST_STEP) {
            throw ProblemException.invalidField("step", "step must be at least " + FINEST_STEP + " seconds");
        }
        return seconds;
    }
}
