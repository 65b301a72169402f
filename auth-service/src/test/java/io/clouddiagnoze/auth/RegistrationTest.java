package io.clouddiagnoze.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.clouddiagnoze.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class RegistrationTest {
    TestDatabase database;

    @TestHTTPResource("/auth/register")
    URI registerUrl;

    @Test
    void registrationAnswersWithTheAccountAndAnExternalIdAndNormalisesTheEmail() throws SQLException {
        String email = Accounts.uniqueEmail();

        given().contentType(ContentType.JSON)
                .body(Map.of("email", "  " + email.toUpperCase() + " ", "password", Accounts.PASSWORD, "companyName", " Acme Corp "))
                .when().post("/auth/register")
                .then().statusCode(201)
                .header("Location", containsString("/auth/me"))
                .body("email", equalTo(email))
                .body("companyName", equalTo("Acme Corp"))
                .body("externalId", matchesPattern("cd-[0-9a-f-]{36}"))
                .body("id", not(equalTo(null)))
                .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")));

        assertThat(rows(email)).isEqualTo(1);
    }

    @Test
    void thePasswordIsStoredOnlyAsABcryptHashOfCostTwelveOrMore() throws SQLException {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);

        String hash = single("SELECT password_hash FROM users WHERE email = ?", email);

        assertThat(hash).matches("\\$2[aby]\\$\\d\\d\\$.{53}").doesNotContain(Accounts.PASSWORD);
        assertThat(Integer.parseInt(hash.substring(4, 6))).isGreaterThanOrEqualTo(12);
    }

    @Test
    void aSecondAccountWithTheSameEmailInAnyCaseIsAConflict() throws SQLException {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);

        given().contentType(ContentType.JSON)
                .body(Map.of("email", email.toUpperCase(), "password", "Another-Fine-Passphrase", "companyName", "Other"))
                .when().post("/auth/register")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409)).body("type", equalTo("urn:clouddiagnoze:problem:conflict"));

        assertThat(rows(email)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short-Pass1", "password1234", "PASSWORD1234", "123456789012", "abcdefghijklmn",
            "aaaaaaaaaaaaaaa", "abababababababab", "qwertyuiop123"})
    void aWeakPasswordIsRefusedAndNothingIsStored(String weak) throws SQLException {
        String email = Accounts.uniqueEmail();

        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", weak, "companyName", "Acme"))
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("password")).body("detail", not(containsString(weak)));

        assertThat(rows(email)).isZero();
    }

    @Test
    void aPasswordContainingTheEmailNameOrLongerThanBcryptReadsIsRefused() {
        String email = "margaret.hamilton@example.com";
        for (String password : new String[] {"Margaret.Hamilton-2026", "x".repeat(40) + "-Long-Enough-Too-" + "y".repeat(20)}) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", password, "companyName", "Acme"))
                    .when().post("/auth/register")
                    .then().statusCode(400).body("field", equalTo("password"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "a@b", "two@@example.com", "spaces in@example.com", ""})
    void anInvalidEmailIsRefusedNamingTheField(String email) {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD, "companyName", "Acme"))
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("email"));
    }

    @Test
    void anEmailLongerThan254CharactersIsRefused() {
        String email = "a".repeat(64) + "@" + "b".repeat(186) + ".com";
        assertThat(email).hasSize(254 + 1);

        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD, "companyName", "Acme"))
                .when().post("/auth/register")
                .then().statusCode(400).body("field", equalTo("email"));
    }

    @Test
    void aMissingFieldIsRefusedNamingIt() {
        given().contentType(ContentType.JSON).body(Map.of("email", Accounts.uniqueEmail(), "password", Accounts.PASSWORD))
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("companyName"));
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedNamingIt() {
        given().contentType(ContentType.JSON).body("{\"email\": \"x@example.com\", \"password\": [1, 2], \"companyName\": \"Acme\"}")
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("password"));
    }

    @Test
    void anUnknownFieldIsRefusedNamingIt() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", Accounts.uniqueEmail(), "password", Accounts.PASSWORD, "companyName", "Acme", "isAdmin", true))
                .when().post("/auth/register")
                .then().statusCode(400).body("field", equalTo("isAdmin"));
    }

    @Test
    void malformedJsonIsA400ProblemWithoutAStackTrace() {
        given().contentType(ContentType.JSON).body("{\"email\": \"x@example.com\", ")
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString("not valid JSON"))
                .body(not(containsString("at io.")), not(containsString("Exception")));
    }

    @Test
    void aFieldGivenTwiceIsA400ProblemAndNothingIsStored() throws SQLException {
        String email = Accounts.uniqueEmail();

        given().contentType(ContentType.JSON)
                .body("{\"companyName\": \"Acme\", \"email\": \"" + email + "\", \"password\": \"" + Accounts.PASSWORD
                        + "\", \"companyName\": \"Other\"}")
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));

        assertThat(rows(email)).isZero();
    }

    @Test
    void aRequestLineOfAlmost8KibIsAnsweredByTheServiceWithAProblem() {
        given().when().get("/auth/" + "a".repeat(8_000))
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anEmptyBodyIsRefused() {
        given().contentType(ContentType.JSON).body("")
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaTypeProblem() {
        given().contentType(ContentType.TEXT).body("email=x@example.com")
                .when().post("/auth/register")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void aBodyOver64KibIsRefusedBeforeItIsRead() throws SQLException {
        String email = Accounts.uniqueEmail();

        given().contentType(ContentType.JSON).body(registrationWithLongCompanyName(email))
                .when().post("/auth/register")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));

        assertThat(rows(email)).isZero();
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aBodyOver64KibSentInChunksWithoutALengthIsRefusedToo(HttpClient.Version version) throws Exception {
        String email = Accounts.uniqueEmail();
        byte[] body = registrationWithLongCompanyName(email).getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(registerUrl)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(version).build().send(chunked, HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(version);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413");
        assertThat(rows(email)).isZero();
    }

    @Test
    void requestsWithoutABodyOverHttp2AreAnsweredAsUsual() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest jwks = HttpRequest.newBuilder(registerUrl.resolve("/.well-known/jwks.json"))
                .timeout(Duration.ofSeconds(10)).build();

        for (int request = 0; request < 2; request++) {
            HttpResponse<String> response = http2.send(jwks, HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    private static String registrationWithLongCompanyName(String email) {
        return "{\"email\": \"" + email + "\", \"password\": \"" + Accounts.PASSWORD
                + "\", \"companyName\": \"" + "x".repeat(70_000) + "\"}";
    }

    @Test
    void anUnknownPathIsA404Problem() {
        given().when().get("/auth/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    private long rows(String email) throws SQLException {
        return Long.parseLong(single("SELECT COUNT(*) FROM users WHERE email = ?", email));
    }

    private String single(String sql, String param) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
