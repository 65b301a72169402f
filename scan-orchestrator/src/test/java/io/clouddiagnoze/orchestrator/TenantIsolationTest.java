package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.service.security.VerifiedTokens;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant B never sees, exports, diffs or deletes anything of tenant A's: 404, never 403, never data. */
@QuarkusTest
class TenantIsolationTest {
    TestDatabase database;
    TestKafka kafka;
    @Inject
    JWTParser tokens;
    private ScanDriver driver;
    private long tenantA;
    private long tenantB;
    private long runOfA;

    @BeforeEach
    void aScansItsAccount() throws Exception {
        driver = new ScanDriver(kafka.bootstrapServers());
        tenantA = Fixtures.tenant(database);
        tenantB = Fixtures.tenant(database);
        runOfA = driver.completedScan(tenantA, ServiceType.S3, List.of(Fixtures.bucket("a-secret-bucket", true,
                S3Bucket.Encryption.NONE, false)));
    }

    @AfterEach
    void disconnect() {
        driver.close();
    }

    @Test
    void everyPathToAnotherTenantsScanAnswers404() throws Exception {
        String b = TestTokens.user(tenantB);
        for (String path : List.of("/api/scans/" + runOfA, "/api/scans/" + runOfA + "/resources",
                "/api/scans/" + runOfA + "/diff", "/api/scans/" + runOfA + "/export?format=csv",
                "/api/scans/" + runOfA + "/export?format=json", "/api/resources/s3/a-secret-bucket/history")) {
            given().auth().oauth2(b).when().get(path).then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(b).when().delete("/api/scans/" + runOfA).then().statusCode(404);
        assertThat(database.count("SELECT COUNT(*) FROM s3_buckets WHERE scan_run_id = " + runOfA)).isEqualTo(1);
    }

    @Test
    void listingsInventoryAndFindingsHoldNothingOfAnotherTenant() {
        String b = TestTokens.user(tenantB);

        given().auth().oauth2(b).when().get("/api/scans").then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(b).when().get("/api/inventory/s3").then().statusCode(200).body("resources.total", equalTo(0));
        given().auth().oauth2(b).when().get("/api/findings").then().statusCode(200).body("findings.size()", equalTo(0));
        given().auth().oauth2(TestTokens.user(tenantA)).when().get("/api/findings").then().body("findings.size()",
                org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void aScheduledScanNeedsTheSchedulersTokenAndAUserTokenCannotCallIt() throws Exception {
        given().contentType(ContentType.JSON).body("{}").when().post("/api/scheduled-scans/run").then().statusCode(401);
        given().auth().oauth2(TestTokens.user(tenantA)).contentType(ContentType.JSON).body("{}")
                .when().post("/api/scheduled-scans/run").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.scheduler()).when().get("/api/scans").then().statusCode(403);

        given().auth().oauth2(TestTokens.scheduler()).contentType(ContentType.JSON)
                .body(Map.of("tenantIds", List.of(tenantA, tenantB)))
                .when().post("/api/scheduled-scans/run")
                .then().statusCode(202).body("size()", equalTo(8));
        assertThat(database.count("SELECT COUNT(*) FROM scan_runs WHERE status = 'in_progress' AND user_id IN ("
                + tenantA + ", " + tenantB + ")")).isEqualTo(8);

        given().auth().oauth2(TestTokens.scheduler()).contentType(ContentType.JSON)
                .body(Map.of("tenantIds", List.of(tenantA)))
                .when().post("/api/scheduled-scans/run")
                .then().statusCode(202).body("size()", equalTo(0));
    }

    @Test
    void onlyAUsersTokenSignedByAnHttpKeyForTheApiOpensIt() {
        String signedByTheScanKey = TestTokens.signScan(TestTokens.userClaims(tenantA));
        String forTheScanEvents = TestTokens.sign(TestTokens.userClaims(tenantA).audience(TenantTokenClaims.AUDIENCE_SCAN_EVENTS));
        String forNoAudience = TestTokens.sign(io.smallrye.jwt.build.Jwt.issuer(TestTokens.USER_ISSUER).subject(String.valueOf(tenantA))
                .claim(TenantTokenClaims.TENANT, String.valueOf(tenantA)).groups(TenantTokenClaims.GROUP_USER));

        for (String token : List.of(signedByTheScanKey, forTheScanEvents, forNoAudience)) {
            given().auth().oauth2(token).when().get("/api/scans").then().statusCode(401).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.user(tenantA)).when().get("/api/scans").then().statusCode(200);
    }

    /** The service remembers the tokens it verified; a copy of one with another signature is still checked, and refused. */
    @Test
    void aRememberedTokenOpensTheApiAndACopyWithAnotherSignatureDoesNot() {
        String token = TestTokens.user(tenantA);
        String otherSignature = TestTokens.signScan(TestTokens.userClaims(tenantA)).split("\\.")[2];
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + otherSignature;

        given().auth().oauth2(token).when().get("/api/scans").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/scans").then().statusCode(200);
        given().auth().oauth2(forged).when().get("/api/scans").then().statusCode(401).contentType("application/problem+json");
        assertThat(tokens).isInstanceOf(VerifiedTokens.class);
    }

    @Test
    void aTokenWithoutTenantOrFromAnotherIssuerIsRefused() {
        String noTenant = TestTokens.sign(io.smallrye.jwt.build.Jwt.issuer(TestTokens.USER_ISSUER)
                .audience(TenantTokenClaims.AUDIENCE_API).subject("1").groups("user"));
        String scanToken = TestTokens.scanEvents(tenantA, runOfA, ServiceType.S3);

        given().auth().oauth2(noTenant).when().get("/api/scans").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(scanToken).when().get("/api/scans").then().statusCode(401);
        given().auth().oauth2("not-a-token").when().get("/api/scans").then().statusCode(401);
    }
}
