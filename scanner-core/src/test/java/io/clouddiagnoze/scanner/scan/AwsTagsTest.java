package io.clouddiagnoze.scanner.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Checks that AWS tags (here EC2's) become the key-to-value map the events carry. */
class AwsTagsTest {

    @Test
    void eachTagBecomesAnEntryEmptyValuesIncluded() {
        List<Tag> tags = List.of(tag("Name", "web-1"), tag("env", "prod"), tag("backup", ""));

        assertThat(asMap(tags)).containsOnly(entry("Name", "web-1"), entry("env", "prod"), entry("backup", ""));
    }

    @Test
    void aResourceWithoutTagsHasAnEmptyMap() {
        assertThat(asMap(List.of())).isEmpty();
    }

    @Test
    void shouldAKeyComeTwiceTheLastValueWins() {
        assertThat(asMap(List.of(tag("env", "staging"), tag("env", "prod")))).containsOnly(entry("env", "prod"));
    }

    private static Map<String, String> asMap(List<Tag> tags) {
        return AwsTags.asMap(tags, Tag::key, Tag::value);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
