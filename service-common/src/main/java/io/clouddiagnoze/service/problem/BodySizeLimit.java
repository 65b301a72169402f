package io.clouddiagnoze.service.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses request bodies over {@code clouddiagnoze.http.max-json-body} (64 KiB) with a 413 problem. A
 * body that announces its length is refused before it is read; one that comes in chunks, or over
 * HTTP/2 without a length, is refused as soon as its reader passes the limit. The HTTP layer's own hard
 * limit ({@code quarkus.http.limits.max-body-size}) stays higher, as a backstop that answers without a body.
 */
@Provider
public class BodySizeLimit implements ReaderInterceptor {
    private final long maxBytes;

    BodySizeLimit(@ConfigProperty(name = "clouddiagnoze.http.max-json-body", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public void refuseAnnouncedLargeBodies(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw tooLarge();
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext body) throws IOException {
        LimitedStream limited = new LimitedStream(body.getInputStream());
        body.setInputStream(limited);
        try {
            return body.proceed();
        } catch (IOException | RuntimeException readerFailure) {
            // The reader (Jackson) wraps what the stream throws; the cause that matters is the limit.
            if (limited.exceeded) {
                throw tooLarge();
            }
            throw readerFailure;
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                "the body has more than " + maxBytes + " bytes, the most accepted", null, null);
    }

    /** The body as its reader sees it, which fails once more than {@code maxBytes} have been read. */
    private final class LimitedStream extends FilterInputStream {
        private long bytesRead;
        private boolean exceeded;

        LimitedStream(InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            int next = super.read();
            count(next < 0 ? -1 : 1);
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            count(read);
            return read;
        }

        private void count(int read) throws IOException {
            if (read > 0) {
                bytesRead += read;
                if (bytesRead > maxBytes) {
                    exceeded = true;
                    throw new IOException("the body is over the limit");
                }
            }
        }
    }
}
