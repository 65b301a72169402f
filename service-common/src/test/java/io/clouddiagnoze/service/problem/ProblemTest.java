package io.clouddiagnoze.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Checks the JSON shape of a problem. */
class ProblemTest {

    @Test
    void aProblemWithoutAFieldLeavesItOutOfTheJson() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new Problem("urn:clouddiagnoze:problem:not-found", "Not Found",
                404, "no such account", null));

        assertThat(json).isEqualTo("{\"type\":\"urn:clouddiagnoze:problem:not-found\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no such account\"}");
    }
}
