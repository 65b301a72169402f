package io.clouddiagnoze.service.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses request bodies over {@code clouddiagnoze.http.max-json-body} (64 KiB) with a problem body
 * before they are read. The HTTP layer's own hard limit ({@code quarkus.http.limits.max-body-size})
 * stays higher, as a backstop that answers without a body.
 */
public class BodySizeLimit {
    private final long maxBytes;

    BodySizeLimit(@ConfigProperty(name = "clouddiagnoze.http.max-json-body", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public void refuseLargeBodies(ContainerRequestContext request) {
        int length = request.getLength();
        if (length > maxBytes) {
            throw new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                    "the body has " + length + " bytes; at most " + maxBytes + " are accepted", null, null);
        }
    }
}
