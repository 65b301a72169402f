package io.clouddiagnoze.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.clouddiagnoze.contracts.FieldLimits;

/** What happened in one region of a scan; {@code detail} explains an error or a skip. */
public record RegionOutcome(String region, Outcome outcome, long resourceCount, String detail) {

    public RegionOutcome {
        detail = FieldLimits.fit(detail, FieldLimits.REGION_DETAIL);
    }

    public enum Outcome {
        @JsonProperty("ok") OK,
        @JsonProperty("error") ERROR,
        @JsonProperty("skipped") SKIPPED
    }
}
