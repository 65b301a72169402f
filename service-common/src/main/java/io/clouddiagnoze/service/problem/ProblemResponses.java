package io.clouddiagnoze.service.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Builds the HTTP response of a {@link Problem}. */
final class ProblemResponses {
    private ProblemResponses() {
    }

    static Response of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static Response of(ProblemException exception) {
        Response.ResponseBuilder response = Response.status(exception.status()).type(Problem.MEDIA_TYPE)
                .entity(exception.toProblem());
        if (exception.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, exception.retryAfter().toSeconds()));
        }
        return response.build();
    }
}
