package io.clouddiagnoze.notification.delivery;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Posts JSON to a webhook or Slack (Vert.x's web client): to a destination {@link Destinations} allows, within the
 * timeouts, following no redirect. Only a 2xx answer counts as delivered; anything else fails with a {@link DeliveryFailure}.
 */
@ApplicationScoped
public class Outbound {
    private final WebClient client;
    private final Destinations destinations;
    private final Duration answerTimeout;

    Outbound(Vertx vertx, Destinations destinations,
             @ConfigProperty(name = "clouddiagnoze.alerts.connect-timeout") Duration connectTimeout,
             @ConfigProperty(name = "clouddiagnoze.alerts.answer-timeout") Duration answerTimeout) {
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setUserAgent("CloudDiagnoze-Alerts/1")
                .setConnectTimeout((int) connectTimeout.toMillis()).setKeepAlive(true));
        this.destinations = destinations;
        this.answerTimeout = answerTimeout;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<Void> postJson(String url, Map<String, String> headers, String body) {
        return destinations.check(url).flatMap(target -> postJson(target, headers, body));
    }

    /** Posts to the address checked, with the URL's host in the Host header and TLS's server name (and its certificate checked against it). */
    Uni<Void> postJson(Destinations.Target target, Map<String, String> headers, String body) {
        HttpRequest<Buffer> request = client.request(HttpMethod.POST, SocketAddress.inetSocketAddress(target.port(),
                        target.address().getHostAddress()), target.port(), target.uri().getHost(), target.pathAndQuery())
                .ssl(target.https()).timeout(answerTimeout.toMillis())
                .putHeader(HttpHeaderNames.CONTENT_TYPE.toString(), "application/json");
        headers.forEach(request::putHeader);
        return request.sendBuffer(Buffer.buffer(body))
                .onFailure(failure -> !(failure instanceof DeliveryFailure)).transform(this::describe)
                .flatMap(Outbound::accepted);
    }

    private static Uni<Void> accepted(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Uni.createFrom().voidItem();
        }
        String redirect = status >= 300 && status < 400 ? " (a redirect, which is not followed)" : "";
        return Uni.createFrom().failure(new DeliveryFailure("the receiver answered HTTP " + status + redirect));
    }

    private DeliveryFailure describe(Throwable failure) {
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return new DeliveryFailure("no answer within " + answerTimeout.toSeconds() + " s");
        }
        if (failure instanceof ConnectException) {
            return new DeliveryFailure("could not connect: " + failure.getMessage());
        }
        if (failure instanceof UnknownHostException) {
            return new DeliveryFailure("the host does not resolve");
        }
        if (failure instanceof HttpClosedException) {
            return new DeliveryFailure("the receiver closed the connection before answering");
        }
        return new DeliveryFailure("the request failed: " + failure.getClass().getSimpleName());
    }
}
