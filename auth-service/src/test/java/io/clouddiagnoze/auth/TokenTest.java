package io.clouddiagnoze.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an access token holds, and every way a forged or stale one is refused. */
@QuarkusTest
class TokenTest {
    private static final String ISSUER = "https://clouddiagnoze.local/auth";

    private static String validToken;
    private static long tenant;

    @BeforeEach
    void signInOnce() {
        if (validToken == null) {
            String email = Accounts.uniqueEmail();
            tenant = Accounts.register(email).getLong("id");
            validToken = Accounts.login(email, Accounts.PASSWORD).getString("accessToken");
        }
    }

    @Test
    void anAccessTokenCarriesTheTenantAndIsSignedByAPublishedKey() {
        JsonPath header = part(validToken, 0);
        JsonPath claims = part(validToken, 1);
        JsonPath jwks = given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath();

        assertThat(header.getString("alg")).isEqualTo("RS256");
        assertThat(jwks.getList("keys.kid")).contains(header.getString("kid"));
        assertThat(jwks.getList("keys.kty")).containsOnly("RSA");
        assertThat(jwks.getList("keys.d")).containsOnlyNulls();
        assertThat(claims.getString("iss")).isEqualTo(ISSUER);
        assertThat(claims.getString("aud")).isEqualTo("clouddiagnoze-api");
        assertThat(claims.getString("sub")).isEqualTo(String.valueOf(tenant));
        assertThat(claims.getString("tenant")).isEqualTo(String.valueOf(tenant));
        assertThat(claims.getList("groups")).containsExactly("user");
        assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(900);
        assertThat(claims.getString("jti")).isNotBlank();
        given().auth().oauth2(validToken).when().get("/auth/me").then().statusCode(200);
    }

    @Test
    void theScanTokenSignersKeyIsPublishedApartFromTheKeysOfHttpTokens() {
        JsonPath jwks = given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath();
        JsonPath scanJwks = given().when().get("/.well-known/scan-jwks.json").then().statusCode(200).extract().jsonPath();

        assertThat(jwks.getList("keys.kid")).containsExactlyInAnyOrder(kid(), TestTokens.USER_KEY_ID);
        assertThat(scanJwks.getList("keys.kid")).containsExactly(TestTokens.SCAN_KEY_ID);
    }

    @Test
    void aUsersClaimsSignedByTheScanTokenKeyAre401() {
        assertRefused(TestTokens.signScan(TestTokens.userClaims(tenant)));
    }

    @Test
    void aTokenForAnotherAudienceOrNoneIs401() throws Exception {
        assertRefused(claims().audience("clouddiagnoze-scan-events").jws().keyId(kid()).sign(signingKey()));
        assertRefused(claims().audience("clouddiagnoze-scheduler").jws().keyId(kid()).sign(signingKey()));
        assertRefused(Jwt.issuer(ISSUER).subject(String.valueOf(tenant)).claim("tenant", String.valueOf(tenant))
                .groups(Set.of("user")).expiresIn(300).jws().keyId(kid()).sign(signingKey()));
    }

    @Test
    void noTokenIs401() {
        given().when().get("/auth/me").then().statusCode(401);
    }

    @Test
    void anUnsignedTokenWithAlgNoneIs401() {
        String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = validToken.split("\\.")[1];

        assertRefused(header + "." + payload + ".");
    }

    @Test
    void aTokenSignedWithHs256UsingThePublicKeyAsSecretIs401() {
        String publicJwks = given().when().get("/.well-known/jwks.json").asString();
        var secret = new SecretKeySpec(publicJwks.getBytes(StandardCharsets.UTF_8), "HmacSHA256");

        assertRefused(claims().jws().algorithm(SignatureAlgorithm.HS256).sign(secret));
    }

    @Test
    void aTamperedPayloadIs401() {
        String[] parts = validToken.split("\\.");
        String tampered = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"tenant\":\"" + tenant + "\"", "\"tenant\":\"" + (tenant + 1) + "\"");
        assertThat(tampered).contains("\"tenant\":\"" + (tenant + 1) + "\"");

        assertRefused(parts[0] + "." + encode(tampered) + "." + parts[2]);
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        assertRefused(claims().issuedAt(past).expiresAt(past.plusSeconds(60)).jws().keyId(kid()).sign(signingKey()));
    }

    @Test
    void aTokenFromAnotherIssuerIs401() throws Exception {
        assertRefused(claims().issuer("https://evil.example.com").jws().keyId(kid()).sign(signingKey()));
    }

    @Test
    void aTokenWithoutTenantIs401() throws Exception {
        String noTenant = Jwt.issuer(ISSUER).audience("clouddiagnoze-api").subject(String.valueOf(tenant)).groups(Set.of("user"))
                .expiresIn(300).jws().keyId(kid()).sign(signingKey());
        assertThat(part(noTenant, 1).getString("tenant")).isNull();

        assertRefused(noTenant);
    }

    @Test
    void aTokenSignedByAKeyNotInTheJwksIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);

        assertRefused(claims().jws().keyId(kid()).sign(generator.generateKeyPair().getPrivate()));
    }

    @Test
    void aCorrectlySignedTokenMadeHereIsAccepted() throws Exception {
        given().auth().oauth2(claims().jws().keyId(kid()).sign(signingKey())).when().get("/auth/me").then().statusCode(200);
    }

    @Test
    void aTokenSignedByTheSecondPublishedKeyIsAcceptedSoThatKeysCanRotate() {
        String signedBySecondKey = TestTokens.user(tenant);
        assertThat(part(signedBySecondKey, 0).getString("kid")).isEqualTo(TestTokens.USER_KEY_ID).isNotEqualTo(kid());

        given().auth().oauth2(signedBySecondKey).when().get("/auth/me").then().statusCode(200);
    }

    @Test
    void aSchedulerServiceTokenMayNotActAsATenant() {
        String serviceToken = given().contentType("application/json")
                .body("{\"clientId\": \"cronjob\", \"clientSecret\": \"test-only-scheduler-secret\"}")
                .when().post("/auth/service-token").then().statusCode(200).extract().path("accessToken");

        assertThat(part(serviceToken, 1).getList("groups")).containsExactly("scheduler");
        assertThat(part(serviceToken, 1).getString("aud")).isEqualTo("clouddiagnoze-scheduler");
        assertThat(part(serviceToken, 1).getString("tenant")).isNull();
        given().auth().oauth2(serviceToken).when().get("/auth/me").then().statusCode(401);
    }

    @Test
    void aWrongSchedulerSecretOrATenantsPasswordGetsNoServiceToken() {
        for (String body : new String[] {
                "{\"clientId\": \"cronjob\", \"clientSecret\": \"guess\"}",
                "{\"clientId\": \"someone\", \"clientSecret\": \"test-only-scheduler-secret\"}",
                "{\"clientId\": \"user@example.com\", \"clientSecret\": \"" + Accounts.PASSWORD + "\"}"}) {
            given().contentType("application/json").body(body).when().post("/auth/service-token")
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    private static JwtClaimsBuilder claims() {
        return Jwt.issuer(ISSUER).audience("clouddiagnoze-api").subject(String.valueOf(tenant)).claim("tenant", String.valueOf(tenant))
                .groups(Set.of("user")).expiresIn(300);
    }

    private static void assertRefused(String token) {
        given().auth().oauth2(token).when().get("/auth/me").then().statusCode(401);
    }

    private static String kid() {
        return part(validToken, 0).getString("kid");
    }

    private static PrivateKey signingKey() throws Exception {
        return KeyUtils.decodePrivateKey(Files.readString(Path.of("target/test-signing-key.pem")));
    }

    private static JsonPath part(String token, int index) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
