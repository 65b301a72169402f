package io.clouddiagnoze.emulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void isoHasMillisecondsAndAZone() {
        assertThat(Timestamps.iso(Instant.parse("2024-03-04T10:15:00Z"))).isEqualTo("2024-03-04T10:15:00.000Z");
        assertThat(Timestamps.iso(Instant.parse("0999-12-31T23:59:59.987654Z"))).isEqualTo("0999-12-31T23:59:59.987Z");
    }

    @Test
    void timestampsParseFromEpochSecondsAndIsoText() {
        Instant expected = Instant.parse("2026-01-02T03:04:05.500Z");

        assertThat(Timestamps.parse(DoubleNode.valueOf(expected.toEpochMilli() / 1000d), "StartTime")).isEqualTo(expected);
        assertThat(Timestamps.parse(TextNode.valueOf("2026-01-02T03:04:05.500Z"), "StartTime")).isEqualTo(expected);
        assertThat(Timestamps.parse(TextNode.valueOf("2026-01-02T04:04:05.5+01:00"), "StartTime")).isEqualTo(expected);
    }
}
