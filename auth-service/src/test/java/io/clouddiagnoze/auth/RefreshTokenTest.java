package io.clouddiagnoze.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshTokenTest {

    @Test
    void aRefreshTokenGivesANewPairAndWorksOnlyOnce() {
        JsonPath first = signIn();

        Response rotated = refresh(first.getString("refreshToken"));
        Response again = refresh(first.getString("refreshToken"));

        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.jsonPath().getString("refreshToken")).isNotEqualTo(first.getString("refreshToken"));
        assertThat(rotated.jsonPath().getString("accessToken")).isNotEqualTo(first.getString("accessToken"));
        given().auth().oauth2(rotated.jsonPath().getString("accessToken")).when().get("/auth/me").then().statusCode(200);
        assertThat(again.statusCode()).isEqualTo(401);
    }

    @Test
    void presentingASpentTokenRevokesItsWholeFamily() {
        JsonPath first = signIn();
        String second = refresh(first.getString("refreshToken")).jsonPath().getString("refreshToken");

        assertThat(refresh(first.getString("refreshToken")).statusCode()).isEqualTo(401);

        assertThat(refresh(second).statusCode()).isEqualTo(401);
    }

    @Test
    void anotherLoginsTokensSurviveTheRevocationOfOneFamily() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        JsonPath laptop = Accounts.login(email, Accounts.PASSWORD);
        JsonPath phone = Accounts.login(email, Accounts.PASSWORD);
        refresh(laptop.getString("refreshToken"));
        refresh(laptop.getString("refreshToken"));

        assertThat(refresh(phone.getString("refreshToken")).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        JsonPath session = signIn();

        given().contentType(ContentType.JSON).body(Map.of("refreshToken", session.getString("refreshToken")))
                .when().post("/auth/logout").then().statusCode(204);

        assertThat(refresh(session.getString("refreshToken")).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownRefreshTokenIs401() {
        Response response = refresh("made-up-token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    private static JsonPath signIn() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        return Accounts.login(email, Accounts.PASSWORD);
    }

    private static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken)).when().post("/auth/refresh");
    }
}
