package io.clouddiagnoze.scanner.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Checks that EC2 tags become the key-to-value map the events carry. */
class Ec2TagsTest {

    @Test
    void eachTagBecomesAnEntryEmptyValuesIncluded() {
        List<Tag> tags = List.of(tag("Name", "web-1"), tag("env", "prod"), tag("backup", ""));

        assertThat(Ec2Tags.asMap(tags)).containsOnly(entry("Name", "web-1"), entry("env", "prod"), entry("backup", ""));
    }

    @Test
    void aResourceWithoutTagsHasAnEmptyMap() {
        assertThat(Ec2Tags.asMap(List.of())).isEmpty();
    }

    @Test
    void shouldAKeyComeTwiceTheLastValueWins() {
        assertThat(Ec2Tags.asMap(List.of(tag("env", "staging"), tag("env", "prod")))).containsOnly(entry("env", "prod"));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
