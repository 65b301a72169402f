package io.clouddiagnoze.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a request into a {@link Problem}: refusals keep their status and say what was
 * wrong (naming the field), unexpected errors become a 500 that names only a reference to the log.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(ProblemException exception) {
        return ProblemResponses.of(exception);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException exception) {
        ConstraintViolation<?> first = exception.getConstraintViolations().stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
        String field = fieldName(first.getPropertyPath());
        String detail = exception.getConstraintViolations().stream()
                .map(v -> fieldName(v.getPropertyPath()) + ": " + v.getMessage()).sorted()
                .collect(Collectors.joining("; "));
        return ProblemResponses.of(ProblemException.invalidField(field, detail));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException exception) {
        return ProblemResponses.of(ProblemException.invalidField(exception.getPropertyName(),
                "unknown field '" + exception.getPropertyName() + "'"));
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException exception) {
        if (exception.getPath().isEmpty()) {
            return ProblemResponses.of(ProblemException.invalidField(null, "the body must be a JSON object"));
        }
        String field = jsonPath(exception);
        String expected = exception.getTargetType() == null ? "another type" : exception.getTargetType().getSimpleName();
        return ProblemResponses.of(ProblemException.invalidField(field,
                "field '" + field + "' has the wrong type (expected " + expected + ")"));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException exception) {
        if (exception instanceof MismatchedInputException mismatch) {
            return mismatch instanceof UnrecognizedPropertyException unknown ? unknownField(unknown) : wrongType(mismatch);
        }
        String where = exception.getLocation() == null ? ""
                : " (line " + exception.getLocation().getLineNr() + ", column " + exception.getLocation().getColumnNr() + ")";
        return ProblemResponses.of(ProblemException.invalidField(null, "the body is not valid JSON" + where));
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException exception) {
        return ProblemResponses.of(ProblemException.unauthorized("a valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException exception) {
        return ProblemResponses.of(ProblemException.unauthorized("a valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception) {
        return ProblemResponses.of(new ProblemException(Response.Status.FORBIDDEN, "forbidden",
                "this token may not do that", null, null));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException exception) {
        if (exception.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable);
        }
        Response.StatusType status = exception.getResponse().getStatusInfo();
        String kind = status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        String detail = switch (status.getStatusCode()) {
            case 404 -> "no such resource";
            case 405 -> "that method is not allowed here";
            case 406 -> "only application/json is produced here";
            case 413 -> "the body is too large";
            case 415 -> "the body must be application/json";
            default -> status.getReasonPhrase();
        };
        if (status.getStatusCode() >= 500) {
            return unexpected(exception);
        }
        return ProblemResponses.of(new ProblemException(status, kind, detail, null, null));
    }

    /** A type Jackson cannot bind is the service's fault: a 500 problem like any other, not Quarkus's empty 500. */
    @ServerExceptionMapper
    public Response undefined(InvalidDefinitionException exception) {
        return unexpected(exception);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(exception, "unexpected error, reference %s", reference);
        return ProblemResponses.of(new Problem("urn:clouddiagnoze:problem:internal-error", "Internal Server Error",
                500, "an unexpected error occurred; reference " + reference, null));
    }

    private static String fieldName(Path path) {
        return StreamSupport.stream(path.spliterator(), false)
                .filter(node -> node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER)
                .reduce((first, last) -> last).map(Path.Node::getName).orElse(path.toString());
    }

    private static String jsonPath(JsonMappingException exception) {
        return exception.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
