package io.clouddiagnoze.aws;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Recognises what an AWS failure means, in one place for every scanner and the metrics collector. */
public final class AwsErrors {
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "EC2ThrottledException");
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "SignatureDoesNotMatch");
    private static final Set<String> REGION_UNAVAILABLE = Set.of("OptInRequired", "InvalidRegion", "UnsupportedOperation");

    /** What kind of failure it is. */
    public enum Kind { THROTTLED, ACCESS_DENIED, REGION_UNAVAILABLE, NOT_FOUND, OTHER }

    private AwsErrors() {
    }

    /** A failure in or on the way to AWS (an SDK failure, or a role that cannot be assumed), as opposed to a bug. */
    public static boolean isAwsFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof SdkException || cause instanceof AccessDeniedException;
    }

    public static Kind classify(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AccessDeniedException) {
            return Kind.ACCESS_DENIED;
        }
        if (cause instanceof AwsServiceException aws) {
            // A 502 or 503 from a proxy on the way has a body AWS did not write, and no code.
            String code = Objects.requireNonNullElse(code(aws), "");
            if (aws.isThrottlingException() || THROTTLING.contains(code)) {
                return Kind.THROTTLED;
            }
            if (ACCESS_DENIED.contains(code) || aws.statusCode() == 403) {
                return Kind.ACCESS_DENIED;
            }
            if (REGION_UNAVAILABLE.contains(code)) {
                return Kind.REGION_UNAVAILABLE;
            }
            if (aws.statusCode() == 404 || code.endsWith("NotFound") || code.startsWith("NoSuch")) {
                return Kind.NOT_FOUND;
            }
        }
        return Kind.OTHER;
    }

    /** The AWS error code, or null when the failure did not come from AWS. */
    public static String code(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode() : null;
    }

    /** A one-line description fit for a scan run's error and a log line: the code and message, never a credential. */
    public static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AccessDeniedException denied) {
            return denied.getMessage();
        }
        if (cause instanceof AwsServiceException aws) {
            String code = code(aws);
            return code != null ? code + ": " + aws.awsErrorDetails().errorMessage()
                    : "HTTP " + aws.statusCode() + " from AWS: " + aws.getMessage();
        }
        if (cause instanceof SdkClientException client) {
            return "cannot reach AWS: " + client.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
