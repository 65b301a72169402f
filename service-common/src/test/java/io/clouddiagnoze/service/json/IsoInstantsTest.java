package io.clouddiagnoze.service.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks that answers carry the same instants, character for character, as Jackson's time module writes them. */
class IsoInstantsTest {
    private final ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ObjectMapper ours = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    IsoInstantsTest() {
        new IsoInstants().customize(ours);
    }

    @Test
    void everyInstantIsWrittenAsJacksonWritesIt() throws Exception {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-12-07T01:00:00Z"),
                Instant.parse("2024-02-29T23:59:59Z"), Instant.parse("1969-12-31T23:59:59Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("2026-12-07T01:00:00.5Z"), Instant.parse("2026-12-07T01:00:00.000001Z"), Instant.MIN, Instant.MAX));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), i % 10 == 0 ? random.nextInt(1_000_000_000) : 0));
        }
        for (Instant instant : instants) {
            Map<String, Instant> answer = Map.of("timestamp", instant);
            assertThat(ours.writeValueAsString(answer)).as("%s", instant).isEqualTo(jackson.writeValueAsString(answer));
        }
    }

    @Test
    void itReplacesTheTimeModulesWriter() throws Exception {
        assertThat(ours.getSerializerProviderInstance().findValueSerializer(Instant.class, null).getClass().getName())
                .isEqualTo(IsoInstants.class.getName() + "$Writer");
    }
}
