package io.clouddiagnoze.service.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Checks that request bodies naming a field twice are refused as malformed JSON. */
class StrictJsonTest {
    record Account(String name, String roleArn) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    StrictJsonTest() {
        new StrictJson().customize(mapper);
    }

    @Test
    void aFieldNamedTwiceIsRefusedAsABadRequest() {
        JsonProcessingException duplicate = catchThrowableOfType(JsonProcessingException.class,
                () -> mapper.readValue("{\"name\":\"prod\",\"name\":\"dev\"}", Account.class));

        assertThat(duplicate).hasMessageContaining("Duplicate field 'name'");
        assertThat(new ProblemMappers().unreadable(duplicate).getStatus()).isEqualTo(400);
    }

    @Test
    void aFieldNamedTwiceInANestedObjectIsRefusedToo() {
        assertThatThrownBy(() -> mapper.readTree("{\"account\":{\"roleArn\":\"a\",\"roleArn\":\"b\"}}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aBodyNamingEachFieldOnceIsRead() throws Exception {
        assertThat(mapper.readValue("{\"name\":\"prod\",\"roleArn\":\"arn:aws:iam::111122223333:role/R\"}", Account.class))
                .isEqualTo(new Account("prod", "arn:aws:iam::111122223333:role/R"));
    }
}
