package io.clouddiagnoze.service.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the problem response each failure of a request becomes, from refusals to bugs. */
class ProblemMappersTest {
    record Item(int count) {
    }

    record Order(String name, List<Item> items) {
    }

    record Signup(@NotBlank String email, @Size(min = 12) String password) {
    }

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aRefusalKeepsItsStatusAndSaysWhenToTryAgainInWholeSeconds() {
        Response response = mappers.refused(ProblemException.tooManyRequests("try again shortly", Duration.ofMillis(300)));

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(problem(response).detail()).isEqualTo("try again shortly");
    }

    @Test
    void anUnknownFieldIsNamed() {
        assertThat(problem(mappers.unreadable(unreadable("{\"name\":\"a\",\"colour\":\"red\"}"))))
                .isEqualTo(new Problem("urn:clouddiagnoze:problem:invalid-request", "Bad Request", 400, "unknown field 'colour'",
                        "colour"));
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByItsPathWithTheTypeExpected() {
        Problem problem = problem(mappers.unreadable(unreadable("{\"name\":\"a\",\"items\":[{\"count\":1},{\"count\":\"many\"}]}")));

        assertThat(problem.field()).isEqualTo("items[1].count");
        assertThat(problem.detail()).isEqualTo("field 'items[1].count' has the wrong type (expected int)");
    }

    @Test
    void aBodyThatIsNotAnObjectOrNotJsonAtAllIsSaidToBeSo() {
        assertThat(problem(mappers.unreadable(unreadable("[1, 2]"))).detail()).isEqualTo("the body must be a JSON object");
        assertThat(problem(mappers.unreadable(unreadable("{\"name\" \"a\"}"))).detail())
                .isEqualTo("the body is not valid JSON (line 1, column 9)");
    }

    @Test
    void everyInvalidFieldIsListedAndTheFirstIsNamed() {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            ConstraintViolationException invalid = new ConstraintViolationException(
                    validation.getValidator().validate(new Signup("", "short")));

            Problem problem = problem(mappers.invalid(invalid));

            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.field()).isEqualTo("email");
            assertThat(problem.detail()).startsWith("email: ").contains("; password: ");
        }
    }

    @Test
    void theFrameworksOwnRefusalsBecomeProblemsToo() {
        assertThat(problem(mappers.http(new NotFoundException())))
                .isEqualTo(new Problem("urn:clouddiagnoze:problem:not-found", "Not Found", 404, "no such resource", null));
        assertThat(problem(mappers.http(new WebApplicationException(415))).detail()).isEqualTo("the body must be application/json");
        assertThat(problem(mappers.unauthenticated(new UnauthorizedException())).status()).isEqualTo(401);
    }

    @Test
    void anUnexpectedErrorIsA500NamingOnlyAReferenceToTheLog() {
        Problem problem = problem(mappers.unexpected(new IllegalStateException("password=hunter2 in the connection URL")));

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).matches("an unexpected error occurred; reference [0-9a-f-]{36}");
        assertThat(problem(mappers.http(new WebApplicationException(503))).status()).isEqualTo(500);
    }

    private static JsonProcessingException unreadable(String body) {
        return catchThrowableOfType(JsonProcessingException.class, () -> new ObjectMapper().readValue(body, Order.class));
    }

    private static Problem problem(Response response) {
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        return (Problem) response.getEntity();
    }
}
