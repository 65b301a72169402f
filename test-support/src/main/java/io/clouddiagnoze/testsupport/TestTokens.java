package io.clouddiagnoze.testsupport;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.service.security.RsaKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Stands in for the keys of auth-service and scan-orchestrator in the tests of other services: two key pairs made for
 * this test JVM, their public halves published as two JWK set files, the one of HTTP tokens and the one of scan tokens,
 * which the application under test verifies against, and tokens of every kind, each signed with the key of its kind.
 * The scan key's private half is also handed to the application as its scan-token signing key.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {
    public static final String USER_ISSUER = "https://clouddiagnoze.local/auth";
    public static final String SCAN_ISSUER = "https://clouddiagnoze.local/scan-orchestrator";
    private static final KeyPair USER_KEYS = newKeyPair();
    private static final KeyPair SCAN_KEYS = newKeyPair();
    /** The keys' RFC 7638 thumbprints, as auth-service names the keys it publishes. */
    public static final String USER_KEY_ID = RsaKeys.keyId(USER_KEYS.getPrivate());
    public static final String SCAN_KEY_ID = RsaKeys.keyId(SCAN_KEYS.getPrivate());

    @Override
    public Map<String, String> start() {
        try {
            return Map.of(
                    "mp.jwt.verify.publickey.location", file("test-jwks", jwks(USER_KEYS)).toUri().toString(),
                    "mp.jwt.verify.issuer", USER_ISSUER,
                    "clouddiagnoze.scan-token.jwks-url", file("test-scan-jwks", jwks(SCAN_KEYS)).toUri().toString(),
                    "clouddiagnoze.scan-token.issuer", SCAN_ISSUER,
                    "clouddiagnoze.scan-token.signing-key-file", file("test-scan-signing-key", scanPrivateKeyPem()).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file(String name, String content) throws IOException {
        Path file = Files.createTempFile(name, name.endsWith("key") ? ".pem" : ".json");
        Files.writeString(file, content);
        file.toFile().deleteOnExit();
        return file;
    }

    /** A new RSA signing key as a PKCS#8 PEM file, as a deployment gives auth-service; deleted when the JVM exits. */
    public static Path newSigningKeyFile() throws IOException {
        return file("signing-key", RsaKeys.pem("PRIVATE KEY", newKeyPair().getPrivate().getEncoded()));
    }

    @Override
    public void stop() {
        // The key files go when the JVM exits; the key pair serves every application start in it.
    }

    /** A tenant user's access token. */
    public static String user(long tenant) {
        return sign(userClaims(tenant));
    }

    public static JwtClaimsBuilder userClaims(long tenant) {
        return Jwt.issuer(USER_ISSUER).audience(TenantTokenClaims.AUDIENCE_API).subject(String.valueOf(tenant))
                .claim(TenantTokenClaims.TENANT, String.valueOf(tenant)).groups(TenantTokenClaims.GROUP_USER);
    }

    /** The scheduler's service token: no tenant. */
    public static String scheduler() {
        return sign(Jwt.issuer(USER_ISSUER).audience(TenantTokenClaims.AUDIENCE_SCHEDULER).subject("service:scheduler")
                .groups(TenantTokenClaims.GROUP_SCHEDULER));
    }

    /** The token of a scan's events, as scan-orchestrator signs it for the scanner to put on its batches and result. */
    public static String scanEvents(long tenant, long scanRun, ServiceType service) {
        return signScan(scanEventsClaims(tenant, scanRun, service));
    }

    public static JwtClaimsBuilder scanEventsClaims(long tenant, long scanRun, ServiceType service) {
        return scanClaims(tenant, scanRun, service).audience(TenantTokenClaims.AUDIENCE_SCAN_EVENTS);
    }

    /** The token of a scan request, as scan-orchestrator signs it: for that role and ExternalId, for 15 minutes. */
    public static String scanRequest(long tenant, long scanRun, ServiceType service, String roleArn, String externalId) {
        Instant now = Instant.now();
        return signScanAsIs(scanRequestClaims(tenant, scanRun, service, roleArn, externalId).issuedAt(now)
                .expiresAt(now.plus(Duration.ofMinutes(15))));
    }

    public static JwtClaimsBuilder scanRequestClaims(long tenant, long scanRun, ServiceType service, String roleArn,
                                                     String externalId) {
        return scanClaims(tenant, scanRun, service).audience(TenantTokenClaims.AUDIENCE_SCAN_REQUEST)
                .claim(TenantTokenClaims.ROLE, TenantTokenClaims.roleDigest(roleArn, externalId));
    }

    private static JwtClaimsBuilder scanClaims(long tenant, long scanRun, ServiceType service) {
        return Jwt.issuer(SCAN_ISSUER).subject(String.valueOf(tenant))
                .claim(TenantTokenClaims.TENANT, String.valueOf(tenant))
                .claim(TenantTokenClaims.SCAN_RUN, scanRun)
                .claim(TenantTokenClaims.SERVICE, service.id())
                .groups(Set.of(TenantTokenClaims.GROUP_SCAN));
    }

    /** Signs {@code claims} with the key of HTTP tokens, valid for an hour unless they say otherwise. */
    public static String sign(JwtClaimsBuilder claims) {
        return signAsIs(forAnHour(claims), USER_KEYS);
    }

    /** Signs {@code claims} with the key of scan tokens, valid for an hour unless they say otherwise. */
    public static String signScan(JwtClaimsBuilder claims) {
        return signAsIs(forAnHour(claims), SCAN_KEYS);
    }

    /** Signs {@code claims} exactly as given (for expired or otherwise odd tokens) with the key of scan tokens. */
    public static String signScanAsIs(JwtClaimsBuilder claims) {
        return signAsIs(claims, SCAN_KEYS);
    }

    private static JwtClaimsBuilder forAnHour(JwtClaimsBuilder claims) {
        Instant now = Instant.now();
        return claims.issuedAt(now).expiresAt(now.plus(Duration.ofHours(1)));
    }

    private static String signAsIs(JwtClaimsBuilder claims, KeyPair keys) {
        return claims.jws().keyId(RsaKeys.keyId(keys.getPrivate())).sign(keys.getPrivate());
    }

    private static String jwks(KeyPair keys) {
        return new JsonWebKeySet(RsaKeys.jwk(keys.getPublic())).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** The public key of HTTP tokens, as a PEM file of retired keys would hold it. */
    public static String userPublicKeyPem() {
        return RsaKeys.pem("PUBLIC KEY", USER_KEYS.getPublic().getEncoded());
    }

    /** The public key of scan tokens, as scan-orchestrator's public key file holds it. */
    public static String scanPublicKeyPem() {
        return RsaKeys.pem("PUBLIC KEY", SCAN_KEYS.getPublic().getEncoded());
    }

    private static String scanPrivateKeyPem() {
        return RsaKeys.pem("PRIVATE KEY", SCAN_KEYS.getPrivate().getEncoded());
    }

    /**
     * A token with exactly this header and these claims (JSON), signed as the header's {@code alg} says with {@code key}
     * (a private RSA key for RS256, an HMAC key for HS256, none for {@code none}): the forged tokens a verifier must
     * refuse, which the builders above would not make.
     */
    public static String signRaw(String headerJson, String claimsJson, Key key) {
        JsonWebSignature jws = new JsonWebSignature();
        try {
            jws.getHeaders().setFullHeaderAsJsonString(headerJson);
            jws.setPayload(claimsJson);
            jws.setKey(key);
            jws.setDoKeyValidation(false);
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign " + headerJson, e);
        }
    }

    /** A new 2048-bit RSA key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
