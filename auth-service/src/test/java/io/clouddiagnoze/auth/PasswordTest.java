package io.clouddiagnoze.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.clouddiagnoze.testsupport.SmtpServer;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A new password, given the old one or a link mailed through a real SMTP server, and sessions that end. */
@QuarkusTest
class PasswordTest {
    private static final String NEW_PASSWORD = "Another-Passphrase-That-Is-Long-73";
    private static final Pattern RESET_LINK = Pattern.compile("https://\\S+/#/reset-password\\?token=([\\w-]+)");
    TestDatabase database;

    @Test
    void changingThePasswordAsksForTheCurrentOneAndEndsEveryOtherSession() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        JsonPath here = Accounts.login(email, Accounts.PASSWORD);
        JsonPath elsewhere = Accounts.login(email, Accounts.PASSWORD);

        change(here, "Not-The-Password-42", NEW_PASSWORD).then().statusCode(400).body("field", equalTo("currentPassword"));
        change(here, Accounts.PASSWORD, "short").then().statusCode(400).body("field", equalTo("newPassword"));
        JsonPath renewed = change(here, Accounts.PASSWORD, NEW_PASSWORD).then().statusCode(200).extract().jsonPath();

        refresh(elsewhere.getString("refreshToken")).then().statusCode(401);
        refresh(here.getString("refreshToken")).then().statusCode(401);
        refresh(renewed.getString("refreshToken")).then().statusCode(200);
        login(email, Accounts.PASSWORD).then().statusCode(401);
        login(email, NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void aResetMailArrivesThroughSmtpAndItsLinkWorksOnce() throws Exception {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        JsonPath session = Accounts.login(email, Accounts.PASSWORD);

        askForReset(email);
        List<MimeMessage> mails = SmtpServer.mailsTo(email, 1, Duration.ofSeconds(20));
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("Reset your CloudDiagnoze password");
        Matcher link = RESET_LINK.matcher(mails.get(0).getContent().toString());
        assertThat(link.find()).as("a reset link in the mail").isTrue();

        complete(link.group(1), NEW_PASSWORD).then().statusCode(204);
        complete(link.group(1), "Yet-Another-Passphrase-That-Is-Long-91").then().statusCode(400).body("field", equalTo("token"));
        login(email, NEW_PASSWORD).then().statusCode(200);
        login(email, Accounts.PASSWORD).then().statusCode(401);
        refresh(session.getString("refreshToken")).then().statusCode(401);
        assertThat(Files.readString(Path.of("target/auth-service-test.log"))).doesNotContain(link.group(1));
    }

    @Test
    void aNewPasswordSpendsEveryLinkMailedBeforeItAndLiftsTheSignInLock() throws Exception {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        askForReset(email);
        askForReset(email);
        List<MimeMessage> mails = SmtpServer.mailsTo(email, 1, Duration.ofSeconds(20));
        Matcher earlier = RESET_LINK.matcher(mails.get(0).getContent().toString());
        assertThat(earlier.find()).isTrue();
        for (int i = 0; i < 6; i++) {
            login(email, "Wrong-Password-" + i);
        }
        login(email, Accounts.PASSWORD).then().statusCode(429);

        askForResetAfterTheInterval(email);
        Matcher later = RESET_LINK.matcher(SmtpServer.mailsTo(email, 2, Duration.ofSeconds(20)).get(1).getContent().toString());
        assertThat(later.find()).isTrue();
        complete(later.group(1), NEW_PASSWORD).then().statusCode(204);

        assertThat(SmtpServer.mailsTo(email, 2, Duration.ZERO)).as("two asked within the interval, one mailed").hasSize(2);
        complete(earlier.group(1), "Yet-Another-Passphrase-That-Is-Long-91").then().statusCode(400).body("field", equalTo("token"));
        login(email, NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void askingForAResetAnswersTheSameForAnEmailWithNoAccountAndMailsNothing() throws Exception {
        String nobody = Accounts.uniqueEmail();
        String somebody = Accounts.uniqueEmail();
        Accounts.register(somebody);

        String unknown = askForReset(nobody);
        String known = askForReset(somebody);

        assertThat(unknown).isEqualTo(known);
        assertThat(SmtpServer.mailsTo(somebody, 1, Duration.ofSeconds(20))).hasSize(1);
        assertThat(SmtpServer.mailsTo(nobody, 0, Duration.ZERO)).isEmpty();
    }

    @Test
    void aSessionEndsAtItsLifetimeHoweverOftenItIsRefreshed() throws Exception {
        String email = Accounts.uniqueEmail();
        long id = Accounts.register(email).getLong("id");
        JsonPath session = Accounts.login(email, Accounts.PASSWORD);
        String rotated = refresh(session.getString("refreshToken")).then().statusCode(200).extract().path("refreshToken");
        assertThat(count("SELECT COUNT(*) FROM refresh_tokens WHERE user_id = " + id
                + " AND session_expires_at BETWEEN UTC_TIMESTAMP(6) + INTERVAL 29 DAY AND UTC_TIMESTAMP(6) + INTERVAL 30 DAY"
                + " AND expires_at <= session_expires_at")).isEqualTo(2);

        execute("UPDATE refresh_tokens SET session_expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE user_id = " + id);

        refresh(rotated).then().statusCode(401);
    }

    private static io.restassured.response.Response change(JsonPath session, String current, String next) {
        return given().auth().oauth2(session.getString("accessToken")).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next)).when().put("/auth/me/password");
    }

    private static io.restassured.response.Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken)).when().post("/auth/refresh");
    }

    private static io.restassured.response.Response login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password)).when().post("/auth/login");
    }

    /** Asks for a reset of {@code email}; returns the status and body of the answer. */
    private static String askForReset(String email) {
        var answer = given().contentType(ContentType.JSON).body(Map.of("email", email)).when().post("/auth/password-reset");
        return answer.statusCode() + " " + answer.asString();
    }

    /** Asks again as if the interval between two mails had passed: the earlier resets are dated back by it. */
    private void askForResetAfterTheInterval(String email) throws Exception {
        execute("UPDATE password_resets SET created_at = created_at - INTERVAL 2 MINUTE"
                + " WHERE user_id = (SELECT id FROM users WHERE email = '" + email + "')");
        askForReset(email);
    }

    private static io.restassured.response.Response complete(String token, String newPassword) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "newPassword", newPassword))
                .when().post("/auth/password-reset/complete");
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
