package io.clouddiagnoze.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Checks the problem each kind of refusal becomes on the wire. */
class ProblemExceptionTest {

    @Test
    void eachRefusalHasItsStatusTitleAndAStableType() {
        assertThat(ProblemException.invalidField("email", "email: must be a well-formed email address").toProblem())
                .isEqualTo(new Problem("urn:clouddiagnoze:problem:invalid-request", "Bad Request", 400,
                        "email: must be a well-formed email address", "email"));
        assertThat(ProblemException.notFound("no such account").toProblem())
                .isEqualTo(new Problem("urn:clouddiagnoze:problem:not-found", "Not Found", 404, "no such account", null));
        assertThat(ProblemException.conflict("a scan is already running").toProblem().status()).isEqualTo(409);
        assertThat(ProblemException.unauthorized("a valid bearer token is required").toProblem().type())
                .isEqualTo("urn:clouddiagnoze:problem:unauthorized");
    }

    @Test
    void onlyATooManyRequestsRefusalSaysWhenToTryAgain() {
        ProblemException busy = ProblemException.tooManyRequests("try again shortly", Duration.ofSeconds(5));

        assertThat(busy.toProblem()).isEqualTo(new Problem("urn:clouddiagnoze:problem:too-many-requests", "Too Many Requests",
                429, "try again shortly", null));
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProblemException.conflict("a scan is already running").retryAfter()).isNull();
    }
}
