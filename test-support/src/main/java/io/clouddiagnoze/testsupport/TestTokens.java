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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

/**
 * Stands in for auth-service's keys in the tests of other services: a key pair made for this test JVM,
 * its public half published as a JWK set file that the application under test verifies against, and
 * tokens of every kind signed with it. The private key is also handed to the application as its
 * scan-token signing key, as scan-orchestrator's key is published by auth-service in production.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {
    public static final String USER_ISSUER = "https://clouddiagnoze.local/auth";
    public static final String SCAN_ISSUER = "https://clouddiagnoze.local/scan-orchestrator";
    private static final KeyPair KEYS = generate();
    /** The key's RFC 7638 thumbprint, as auth-service names the keys it publishes. */
    public static final String KEY_ID = RsaKeys.keyId(KEYS.getPrivate());

    @Override
    public Map<String, String> start() {
        try {
            Path jwks = Files.createTempFile("test-jwks", ".json");
            Files.writeString(jwks, jwks());
            jwks.toFile().deleteOnExit();
            Path privateKey = Files.createTempFile("test-signing-key", ".pem");
            Files.writeString(privateKey, privateKeyPem());
            privateKey.toFile().deleteOnExit();
            return Map.of(
                    "mp.jwt.verify.publickey.location", jwks.toUri().toString(),
                    "mp.jwt.verify.issuer", USER_ISSUER,
                    "clouddiagnoze.scan-token.issuer", SCAN_ISSUER,
                    "clouddiagnoze.scan-token.signing-key-file", privateKey.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The key files go when the JVM exits; the key pair serves every application start in it.
    }

    /** A tenant user's access token. */
    public static String user(long tenant) {
        return sign(Jwt.issuer(USER_ISSUER).subject(String.valueOf(tenant))
                .claim(TenantTokenClaims.TENANT, String.valueOf(tenant)).groups(TenantTokenClaims.GROUP_USER));
    }

    /** The scheduler's service token: no tenant. */
    public static String scheduler() {
        return sign(Jwt.issuer(USER_ISSUER).subject("service:scheduler").groups(TenantTokenClaims.GROUP_SCHEDULER));
    }

    /** The token of a scan's events, as scan-orchestrator signs it for the scanner to put on its batches and result. */
    public static String scanEvents(long tenant, long scanRun, ServiceType service) {
        return sign(scanEventsClaims(tenant, scanRun, service));
    }

    public static JwtClaimsBuilder scanEventsClaims(long tenant, long scanRun, ServiceType service) {
        return scanClaims(tenant, scanRun, service).audience(TenantTokenClaims.AUDIENCE_SCAN_EVENTS);
    }

    /** The token of a scan request, as scan-orchestrator signs it: for that role and ExternalId, for 15 minutes. */
    public static String scanRequest(long tenant, long scanRun, ServiceType service, String roleArn, String externalId) {
        Instant now = Instant.now();
        return signAsIs(scanRequestClaims(tenant, scanRun, service, roleArn, externalId).issuedAt(now)
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

    /** Signs {@code claims} with the test key, valid for an hour unless they say otherwise. */
    public static String sign(JwtClaimsBuilder claims) {
        Instant now = Instant.now();
        return claims.issuedAt(now).expiresAt(now.plus(Duration.ofHours(1)))
                .jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    /** Signs {@code claims} exactly as given (for expired or otherwise odd tokens). */
    public static String signAsIs(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    /** The public key as a JWK set, as auth-service publishes its keys. */
    public static String jwks() {
        return new JsonWebKeySet(RsaKeys.jwk(KEYS.getPublic())).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public static String publicKeyPem() {
        return RsaKeys.pem("PUBLIC KEY", KEYS.getPublic().getEncoded());
    }

    public static String privateKeyPem() {
        return RsaKeys.pem("PRIVATE KEY", KEYS.getPrivate().getEncoded());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
