package io.clouddiagnoze.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.contracts.resources.Vpc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FieldLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Real RDS values longer than the seed's 32-character columns. */
    private static final String ORACLE_VERSION = "19.0.0.0.ru-2024-04.rur-2024-04.r1";
    private static final String LONG_STATUS = "inaccessible-encryption-credentials";

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTextOfEverySchemaHasAMaximumLength(EventType type) throws Exception {
        List<String> unbounded = new ArrayList<>();
        walk(JSON.readTree(EventSchemas.schemaText(type)), "#", unbounded);

        assertThat(unbounded).as("string fields without maxLength").isEmpty();
    }

    @Test
    void realValuesLongerThanTheSeedsColumnsAreKeptWhole() {
        RdsInstance database = rds(ORACLE_VERSION, LONG_STATUS);

        assertThat(database.engineVersion()).isEqualTo(ORACLE_VERSION);
        assertThat(database.status()).isEqualTo(LONG_STATUS);
    }

    @Test
    void aValueLongerThanItsFieldIsCutWithAMarkerToExactlyTheLimit() {
        RdsInstance database = rds("v".repeat(500), "s".repeat(64));

        assertThat(database.engineVersion()).hasSize(FieldLimits.AWS_TEXT).endsWith(FieldLimits.MARKER)
                .startsWith("v".repeat(FieldLimits.AWS_TEXT - 1));
        assertThat(database.status()).hasSize(FieldLimits.AWS_TEXT).endsWith(FieldLimits.MARKER);
    }

    @Test
    void charactersOutsideTheBasicPlaneCountOnceAndAreNeverSplit() {
        String emoji = "\uD83D\uDE80"; // one code point, two Java chars
        assertThat(FieldLimits.fit(emoji.repeat(10), 10)).isEqualTo(emoji.repeat(10));

        String cut = FieldLimits.fit(emoji.repeat(11), 10);

        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(10);
        assertThat(cut).isEqualTo(emoji.repeat(9) + FieldLimits.MARKER);
    }

    /** A scanner builds its events through these records: whatever AWS answers, the JSON passes the schema. */
    @Test
    void eventsBuiltFromOverlongValuesPassTheirSchemas() throws Exception {
        String huge = "x".repeat(5_000);
        var instance = new Ec2Instance("i-0abc123def4567890", huge, huge, "us-east-1", null, null,
                Map.of("k".repeat(300), "v".repeat(300)), null, null, null, null, false, List.of(), List.of());
        var vpc = new Vpc("vpc-0a1b2c3d", "10.0.0.0/16", List.of(), false, 0, huge, "us-east-1", Map.of("Name", huge), false, 1, 1);
        var batch = new ResourcesDiscovered(1, 7, ServiceType.EC2, "us-east-1", 0, List.of(instance, vpc, rds(huge, huge)),
                SampleEvents.NOW);
        var result = new ScanResult(1, 7, ServiceType.EC2, ScanResult.Status.ERROR, 0, 0,
                List.of(new RegionOutcome("us-east-1", RegionOutcome.Outcome.ERROR, 0, huge)), huge, SampleEvents.NOW);
        var letter = new DeadLetter(Topics.RESOURCES_DISCOVERED, 0, 1, huge, huge, huge,
                "p".repeat(FieldLimits.DEAD_LETTER_PAYLOAD * 2), "scan-orchestrator", SampleEvents.NOW);

        for (Record event : List.of(batch, result, letter)) {
            String json = new String(EventCodec.encode(event), StandardCharsets.UTF_8);
            assertThat(EventSchemas.violations(EventType.of(event), json)).as(event.getClass().getSimpleName()).isEmpty();
        }
        assertThat(batch.resources().get(0)).isInstanceOfSatisfying(Ec2Instance.class,
                i -> assertThat(i.tags()).containsOnlyKeys("k".repeat(127) + FieldLimits.MARKER));
    }

    private static RdsInstance rds(String engineVersion, String status) {
        return new RdsInstance("legacy-db", "oracle-ee", engineVersion, 100, false, 7, true, false, "db.r5.large", status,
                false, "us-east-1", true, Map.of());
    }

    /** Collects the JSON pointer of every schema node that declares a string without a maxLength. */
    private static void walk(JsonNode node, String pointer, List<String> unbounded) {
        if (node.isObject()) {
            if ("string".equals(node.path("type").asText()) && !node.has("maxLength")) {
                unbounded.add(pointer);
            }
            if (node.has("propertyNames") && !node.get("propertyNames").has("maxLength")) {
                unbounded.add(pointer + "/propertyNames");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), pointer + "/" + field.getKey(), unbounded);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, unbounded);
            }
        }
    }
}
