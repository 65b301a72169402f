package io.clouddiagnoze.service.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Every {@link Instant} an answer carries, written as Jackson writes it ({@code 2026-12-07T01:00:00Z}, ISO-8601 in UTC)
 * but without its formatter on whole seconds: a series' 180 timestamps were half of all that metrics-collector
 * allocated for it (JFR). An instant with a fraction of a second, or outside the years 0 to 9999, is written by
 * {@link Instant#toString()}, which is the same format. Applied last, so that it replaces the time module's writer.
 */
@Singleton
public class IsoInstants implements ObjectMapperCustomizer {
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    private static final int DAY = 86_400;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("iso-instants").addSerializer(Instant.class, new Writer()));
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    /** {@code instant} as {@link Instant#toString()} writes it where it is on a whole second of the years 0 to 9999; else null. */
    static char[] wholeSecond(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (instant.getNano() != 0 || seconds < FIRST || seconds > LAST) {
            return null;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, DAY));
        int time = (int) Math.floorMod(seconds, DAY);
        char[] text = new char[20];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time / 3600, 2);
        text[13] = ':';
        digits(text, 14, time / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, time % 60, 2);
        text[19] = 'Z';
        return text;
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static final class Writer extends StdSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant instant, JsonGenerator json, SerializerProvider provider) throws IOException {
            char[] text = wholeSecond(instant);
            if (text == null) {
                json.writeString(instant.toString());
            } else {
                json.writeString(text, 0, text.length);
            }
        }
    }
}
