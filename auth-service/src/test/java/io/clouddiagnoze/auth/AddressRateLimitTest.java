package io.clouddiagnoze.auth;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Sign-in requests per client address, as the gateway forwards it: a flood from one is refused, the next is served,
 * and what is not a sign-in is not counted.
 */
@QuarkusTest
class AddressRateLimitTest {
    @TestHTTPResource("/auth/login")
    URI login;

    @Test
    void aHundredSignInsAtOnceFromOneAddressMeet429sWhileAnotherAddressIsServed() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long started = System.nanoTime();
        // Every other one with a trailing slash, which the route serves as well.
        List<CompletableFuture<HttpResponse<String>>> flood = IntStream.range(0, 100)
                .mapToObj(i -> client.sendAsync(malformedLogin("203.0.113.7", i % 2 == 0 ? "" : "/"), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<HttpResponse<String>> answers = flood.stream().map(CompletableFuture::join).toList();
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<Integer, Long> statuses = answers.stream().collect(groupingBy(HttpResponse::statusCode, counting()));
        assertThat(statuses.keySet()).containsOnly(400, 429);
        // The burst of 60, and 20 more for each second the flood took: no more got through.
        assertThat(statuses.get(400)).as("served of %s in %.2f s", statuses, seconds).isLessThanOrEqualTo((long) (60 + 20 * seconds) + 1);
        HttpResponse<String> refused = answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(client.sendAsync(malformedLogin("198.51.100.9", ""), HttpResponse.BodyHandlers.ofString()).join().statusCode())
                .isEqualTo(400);
        HttpRequest keys = HttpRequest.newBuilder(login.resolve("/.well-known/jwks.json")).header("X-Forwarded-For", "203.0.113.7").build();
        assertThat(client.sendAsync(keys, HttpResponse.BodyHandlers.discarding()).join().statusCode())
                .as("what is not a sign-in, from the flooding address").isEqualTo(200);
    }

    /** A sign-in with no email or password (400, and no account's attempt counted), from {@code address} by the proxy. */
    private HttpRequest malformedLogin(String address, String trailing) {
        return HttpRequest.newBuilder(URI.create(login + trailing)).header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }
}
