package io.clouddiagnoze.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever happens to an account, its password and its tokens never reach the log, even at DEBUG. */
@QuarkusTest
class LogSecrecyTest {

    @Test
    void noPasswordOrTokenIsLogged() throws IOException {
        String email = Accounts.uniqueEmail();
        String password = "Unmistakable-Secret-" + System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password, "companyName", "Acme"))
                .when().post("/auth/register").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password + "-wrong"))
                .when().post("/auth/login").then().statusCode(401);
        JsonPath session = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/auth/login").then().statusCode(200).extract().jsonPath();
        String refreshed = given().contentType(ContentType.JSON).body(Map.of("refreshToken", session.getString("refreshToken")))
                .when().post("/auth/refresh").then().statusCode(200).extract().path("refreshToken");
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "short"))
                .when().post("/auth/register").then().statusCode(400);

        String log = Files.readString(Path.of("target/auth-service-test.log"));

        assertThat(log).contains("Installed features");
        assertThat(log).doesNotContain(password, session.getString("accessToken"), session.getString("refreshToken"), refreshed);
    }
}
