package io.clouddiagnoze.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.clouddiagnoze.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class AccountTest {
    TestDatabase database;

    @Test
    void theProfileIsTheCallersOwn() {
        String email = Accounts.uniqueEmail();
        JsonPath registered = Accounts.register(email);
        String token = Accounts.login(email, Accounts.PASSWORD).getString("accessToken");

        given().auth().oauth2(token).when().get("/auth/me")
                .then().statusCode(200)
                .body("id", equalTo(registered.getInt("id")))
                .body("email", equalTo(email))
                .body("externalId", equalTo(registered.getString("externalId")));
    }

    @Test
    void aTenantSetsItsOwnRetentionPeriodWithinOneToOneHundredAndTwentyMonthsOrGoesBackToThePlatforms() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        String token = Accounts.login(email, Accounts.PASSWORD).getString("accessToken");
        given().auth().oauth2(token).when().get("/auth/me").then().body("retentionMonths", equalTo(null));

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"months\": 12}").when().put("/auth/me/retention")
                .then().statusCode(200).body("retentionMonths", equalTo(12));
        for (String bad : new String[] {"{\"months\": 0}", "{\"months\": 121}", "{\"months\": \"six\"}", "[]"}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(bad).when().put("/auth/me/retention")
                    .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
        given().auth().oauth2(token).when().get("/auth/me").then().body("retentionMonths", equalTo(12));

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"months\": null}").when().put("/auth/me/retention")
                .then().statusCode(200).body("retentionMonths", equalTo(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/CloudDiagnozeScanner",
            "arn:aws:iam::123456789012:role/security/audit/Scanner+Reader=1,2.@x-y",
            "arn:aws-cn:iam::123456789012:role/Scanner", "arn:aws-us-gov:iam::123456789012:role/Scanner"})
    void aRoleArnIsStoredAndAnsweredWithTheTrustPolicyForItsExternalId(String arn) {
        String email = Accounts.uniqueEmail();
        String externalId = Accounts.register(email).getString("externalId");
        String token = Accounts.login(email, Accounts.PASSWORD).getString("accessToken");
        String partition = arn.split(":")[1];

        JsonPath setup = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("roleArn", arn))
                .when().put("/auth/me/aws-role")
                .then().statusCode(200).extract().jsonPath();

        assertThat(setup.getString("roleArn")).isEqualTo(arn);
        assertThat(setup.getString("externalId")).isEqualTo(externalId);
        assertThat(setup.getString("trustPolicy.Version")).isEqualTo("2012-10-17");
        assertThat(setup.getString("trustPolicy.Statement[0].Effect")).isEqualTo("Allow");
        assertThat(setup.getString("trustPolicy.Statement[0].Action")).isEqualTo("sts:AssumeRole");
        assertThat(setup.getString("trustPolicy.Statement[0].Principal.AWS"))
                .isEqualTo("arn:" + partition + ":iam::999988887777:root");
        assertThat(setup.getString("trustPolicy.Statement[0].Condition.StringEquals.'sts:ExternalId'")).isEqualTo(externalId);
        given().auth().oauth2(token).when().get("/auth/me").then().body("roleArn", equalTo(arn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::12345678901:role/Short", "arn:aws:iam::123456789012:user/NotARole",
            "arn:aws:s3:::bucket", "arn:azure:iam::123456789012:role/X", "arn:aws:iam::123456789012:role/",
            "arn:aws:iam::123456789012:role/has space", "arn:aws:iam::123456789012:role/semi;colon", "not an arn",
            "arn:aws:iam::123456789012:role/Name\nInjected"})
    void aBadRoleArnIsRefusedNamingTheFieldAndChangesNothing(String arn) {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        String token = Accounts.login(email, Accounts.PASSWORD).getString("accessToken");

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("roleArn", arn))
                .when().put("/auth/me/aws-role")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("roleArn")).body("detail", startsWith("must be an IAM role ARN"));
        given().auth().oauth2(token).when().get("/auth/me").then().body("roleArn", equalTo(null));
    }

    @Test
    void deletingTheAccountAsksForItsPasswordIsRefusedWhileAScanRunsAndCascadesOtherwise() throws SQLException {
        String email = Accounts.uniqueEmail();
        long id = Accounts.register(email).getLong("id");
        String token = Accounts.login(email, Accounts.PASSWORD).getString("accessToken");
        long scanRun = insert("INSERT INTO scan_runs (user_id, service_type, scan_timestamp, status)"
                + " VALUES (" + id + ", 'ec2', UTC_TIMESTAMP(6), 'in_progress')");
        insert("INSERT INTO ec2_instances (scan_run_id, client_id, scan_timestamp, instance_id, region)"
                + " VALUES (" + scanRun + ", " + id + ", UTC_TIMESTAMP(6), 'i-0abc', 'us-east-1')");

        given().auth().oauth2(token).when().delete("/auth/me").then().statusCode(400);
        given().auth().oauth2(token).contentType("application/json").body(Map.of("password", "Not-The-Password-42"))
                .when().delete("/auth/me").then().statusCode(400).body("field", equalTo("password"));
        given().auth().oauth2(token).contentType("application/json").body(Map.of("password", Accounts.PASSWORD))
                .when().delete("/auth/me").then().statusCode(409).contentType("application/problem+json");
        assertThat(count("SELECT COUNT(*) FROM users WHERE id = " + id)).isEqualTo(1);

        insert("UPDATE scan_runs SET status = 'success' WHERE id = " + scanRun);
        given().auth().oauth2(token).contentType("application/json").body(Map.of("password", Accounts.PASSWORD))
                .when().delete("/auth/me").then().statusCode(204);

        assertThat(count("SELECT COUNT(*) FROM users WHERE id = " + id)).isZero();
        assertThat(count("SELECT COUNT(*) FROM scan_runs WHERE user_id = " + id)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ec2_instances WHERE client_id = " + id)).isZero();
        assertThat(count("SELECT COUNT(*) FROM refresh_tokens WHERE user_id = " + id)).isZero();
        given().auth().oauth2(token).contentType("application/json").body(Map.of("password", Accounts.PASSWORD))
                .when().delete("/auth/me").then().statusCode(404);
    }

    private long insert(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            var keys = s.getGeneratedKeys();
            return keys.next() ? keys.getLong(1) : 0;
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
