package io.clouddiagnoze.service.problem;

import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** A refusal that reaches the client as a {@link Problem} with the given status. */
public class ProblemException extends RuntimeException {
    private final Response.StatusType status;
    private final String kind;
    private final String field;
    private final Duration retryAfter;

    public ProblemException(Response.StatusType status, String kind, String detail, String field, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public static ProblemException invalidField(String field, String detail) {
        return new ProblemException(Response.Status.BAD_REQUEST, "invalid-request", detail, field, null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Response.Status.NOT_FOUND, "not-found", detail, null, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Response.Status.CONFLICT, "conflict", detail, null, null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Response.Status.UNAUTHORIZED, "unauthorized", detail, null, null);
    }

    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(Response.Status.TOO_MANY_REQUESTS, "too-many-requests", detail, null, retryAfter);
    }

    public Problem toProblem() {
        return new Problem("urn:clouddiagnoze:problem:" + kind, status.getReasonPhrase(), status.getStatusCode(),
                getMessage(), field);
    }

    public Response.StatusType status() {
        return status;
    }

    /** How long the client should wait before trying again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
