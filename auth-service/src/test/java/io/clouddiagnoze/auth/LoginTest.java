package io.clouddiagnoze.auth;

import static io.restassured.RestAssured.given;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {
    @TestHTTPResource("/auth/login")
    URI login;

    @Test
    void theRightPasswordGivesAnAccessTokenAndARefreshToken() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);

        given().contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase(), "password", Accounts.PASSWORD))
                .when().post("/auth/login")
                .then().statusCode(200)
                .body("accessToken", notNullValue())
                .body("refreshToken", notNullValue())
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900));
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);

        Response wrongPassword = attempt(email, "Not-The-Password-42");
        Response unknownEmail = attempt(Accounts.uniqueEmail(), "Not-The-Password-42");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownEmail.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.asString()).isEqualTo(unknownEmail.asString());
        assertThat(wrongPassword.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void fiveFailuresLockTheEmailWithRetryAfterEvenForTheRightPassword() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(email, "Wrong-Password-" + i).statusCode()).isEqualTo(401);
        }

        Response locked = attempt(email, Accounts.PASSWORD);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.contentType()).isEqualTo("application/problem+json");
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(800L, 900L);
    }

    @Test
    void thirtyParallelGuessesGetFiveEvaluatedAndTheRightPasswordWaitsForTheLockToEnd() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> guesses = IntStream.range(0, 30)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(login).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"" + email + "\",\"password\":\"Wrong-Password-" + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        Map<Integer, Long> answers = guesses.stream().map(CompletableFuture::join)
                .collect(groupingBy(HttpResponse::statusCode, counting()));

        assertThat(answers).containsExactlyInAnyOrderEntriesOf(Map.of(401, 5L, 429, 25L));
        Response rightPassword = attempt(email, Accounts.PASSWORD);
        assertThat(rightPassword.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(rightPassword.header("Retry-After"))).isBetween(800L, 900L);
    }

    @Test
    void anUnknownEmailLocksTheSameWaySoThatLockingRevealsNothing() {
        String email = Accounts.uniqueEmail();
        for (int i = 0; i < 5; i++) {
            attempt(email, "Wrong-Password-" + i);
        }

        assertThat(attempt(email, "Wrong-Password-5").statusCode()).isEqualTo(429);
    }

    @Test
    void theLockoutIsPerEmailAndASuccessClearsEarlierFailures() {
        String locked = Accounts.uniqueEmail();
        String other = Accounts.uniqueEmail();
        Accounts.register(locked);
        Accounts.register(other);
        for (int i = 0; i < 4; i++) {
            attempt(other, "Wrong-Password-" + i);
        }
        Accounts.login(other, Accounts.PASSWORD);
        for (int i = 0; i < 5; i++) {
            attempt(locked, "Wrong-Password-" + i);
        }

        assertThat(attempt(locked, Accounts.PASSWORD).statusCode()).isEqualTo(429);
        for (int i = 0; i < 4; i++) {
            assertThat(attempt(other, "Wrong-Password-again-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(attempt(other, Accounts.PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void aLoginWithoutAPasswordIsA400NamingIt() {
        given().contentType(ContentType.JSON).body(Map.of("email", "x@example.com"))
                .when().post("/auth/login")
                .then().statusCode(400).body("field", equalTo("password"));
    }

    private static Response attempt(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/auth/login");
    }
}
