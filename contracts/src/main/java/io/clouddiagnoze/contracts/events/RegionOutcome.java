package io.clouddiagnoze.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened in one region of a scan; {@code detail} explains an error or a skip. */
public record RegionOutcome(String region, Outcome outcome, long resourceCount, String detail) {

    public enum Outcome {
        @JsonProperty("ok") OK,
        @JsonProperty("error") ERROR,
        @JsonProperty("skipped") SKIPPED
    }
}
