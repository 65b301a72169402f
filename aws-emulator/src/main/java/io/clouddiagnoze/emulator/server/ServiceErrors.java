package io.clouddiagnoze.emulator.server;

import io.clouddiagnoze.emulator.protocol.ApiError;

/** The error codes a service uses for throttling and refusals, which differ between services. */
public record ServiceErrors(int throttlingStatus, String throttlingCode, String throttlingMessage,
                            int accessDeniedStatus, String accessDeniedCode) {

    public ApiError throttling() {
        return new ApiError(throttlingStatus, throttlingCode, throttlingMessage);
    }

    /** Worded as AWS words a refusal by the caller's own policies, which name neither the region nor the resource. */
    public ApiError accessDenied(Caller caller, String operation) {
        return new ApiError(accessDeniedStatus, accessDeniedCode, "User: " + caller.arn() + " is not authorized to perform: "
                + operation + " because no identity-based policy allows the " + operation + " action");
    }

    public ApiError internalError() {
        return new ApiError(500, "InternalError", "We encountered an internal error. Please try again.");
    }
}
