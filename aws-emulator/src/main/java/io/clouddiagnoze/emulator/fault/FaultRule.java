package io.clouddiagnoze.emulator.fault;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One injected fault. It hits the calls matching {@code service}, {@code operation}, {@code roleArn} and
 * {@code region} (the region the call is signed for; each absent means any), either every {@code everyNth} matching call or with probability {@code rate}
 * (default 1) drawn from a random sequence seeded with {@code seed}, at most {@code limit} times.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRule(Integer id, String service, String operation, String roleArn, String region, Type type, Double rate,
                        Integer everyNth, Integer limit, Long latencyMs, Long seed) {

    /** What the fault does to a call it hits. */
    public enum Type {
        /** The service's throttling error (Throttling, RequestLimitExceeded or SlowDown), which SDKs retry. */
        @JsonProperty("throttle") THROTTLE,
        /** The service's access-denied error; on AssumeRole, for the role being assumed. */
        @JsonProperty("accessDenied") ACCESS_DENIED,
        /** A 500 InternalError. */
        @JsonProperty("internalError") INTERNAL_ERROR,
        /** {@code latencyMs} of delay before the call is answered normally. */
        @JsonProperty("latency") LATENCY
    }

    public FaultRule {
        if (type == null) {
            throw new IllegalArgumentException("a fault needs a type: throttle, accessDenied, internalError or latency");
        }
        if (rate != null && (rate < 0 || rate > 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1");
        }
        if (everyNth != null && everyNth < 1 || limit != null && limit < 0) {
            throw new IllegalArgumentException("everyNth must be at least 1 and limit not negative");
        }
        if (type == Type.LATENCY && (latencyMs == null || latencyMs < 0)) {
            throw new IllegalArgumentException("a latency fault needs latencyMs");
        }
    }

    FaultRule withId(int assigned) {
        return new FaultRule(assigned, service, operation, roleArn, region, type, rate, everyNth, limit, latencyMs, seed);
    }

    boolean matches(String callService, String callOperation, String callRole, String callRegion) {
        return (service == null || service.equals(callService))
                && (operation == null || operation.equals("*") || operation.equals(callOperation))
                && (roleArn == null || roleArn.equals(callRole))
                && (region == null || region.equals(callRegion));
    }
}
