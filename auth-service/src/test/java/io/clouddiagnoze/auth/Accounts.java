package io.clouddiagnoze.auth;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;

/** Signs tenants up and in through the public API, for tests. */
final class Accounts {
    static final String PASSWORD = "Correct-Horse-7-Battery";

    private Accounts() {
    }

    static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    static JsonPath register(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "companyName", "Acme Corp"))
                .when().post("/auth/register")
                .then().statusCode(201).extract().jsonPath();
    }

    static JsonPath login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/auth/login")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Registers a new tenant and returns its access token. */
    static String newTenantToken() {
        String email = uniqueEmail();
        register(email);
        return login(email, PASSWORD).getString("accessToken");
    }
}
