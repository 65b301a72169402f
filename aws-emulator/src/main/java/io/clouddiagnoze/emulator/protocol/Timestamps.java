package io.clouddiagnoze.emulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads and writes timestamps in the forms AWS protocols use: ISO-8601 text and epoch seconds. */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * The form XML protocols send, e.g. {@code 2024-05-01T12:00:00.000Z}. Written by hand: it runs once per
     * instance on every DescribeInstances page, where DateTimeFormatter was the emulator's largest cost.
     */
    public static String iso(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(24);
        pad(text, time.getYear(), 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2).append('.');
        return pad(text, time.getNano() / 1_000_000, 3).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int digits) {
        String number = Integer.toString(value);
        for (int i = number.length(); i < digits; i++) {
            text.append('0');
        }
        return text.append(number);
    }

    /** Epoch seconds, whole when the instant has no fraction (CBOR and JSON protocols send numbers). */
    public static Number epochSeconds(Instant instant) {
        if (instant.getNano() == 0) {
            return instant.getEpochSecond();
        }
        return instant.toEpochMilli() / 1000d;
    }

    /** Parses a timestamp member sent either as epoch seconds (JSON, CBOR) or as ISO-8601 text (query). */
    public static Instant parse(JsonNode node, String member) {
        try {
            if (node.isNumber()) {
                return fromEpochSeconds(node.decimalValue());
            }
            String text = node.asText();
            if (text.matches("-?\\d+(\\.\\d+)?")) {
                return fromEpochSeconds(new BigDecimal(text));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiError.badRequest("InvalidParameterValue",
                    "The parameter " + member + " must be a timestamp, not '" + node.asText() + "'.");
        }
    }

    private static Instant fromEpochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }
}
