package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.service.security.RsaKeys;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs the two scan-scoped tokens of a scan run. Its key's public half is published by auth-service (its additional
 * public keys), so every service verifies them against the one JWK set.
 * <ul>
 * <li>The request token lets a scanner scan: it names the tenant, run, service and the role it may assume (a digest
 * of the role ARN and ExternalId), and lives as long as the scan timeout, after which the run has timed out anyway.
 * It travels on the request only.</li>
 * <li>The events token lets what the scan finds be stored under that run: the scanner puts it on its batches and its
 * result. It lives as long as a scan can go on emitting (see {@code clouddiagnoze.scan-token.events-lifetime}), and can
 * start nothing.</li>
 * </ul>
 */
@ApplicationScoped
@Startup
public class ScanTokenSigner {
    private final PrivateKey key;
    private final String keyId;
    private final String issuer;
    private final Duration requestLifetime;
    private final Duration eventsLifetime;

    ScanTokenSigner(@ConfigProperty(name = "clouddiagnoze.scan-token.signing-key") Optional<String> pem,
                    @ConfigProperty(name = "clouddiagnoze.scan-token.signing-key-file") Optional<Path> file,
                    @ConfigProperty(name = "clouddiagnoze.scan-token.dev-key-file") Path devFile,
                    @ConfigProperty(name = "clouddiagnoze.scan-token.issuer") String issuer,
                    @ConfigProperty(name = "clouddiagnoze.scan.timeout") Duration requestLifetime,
                    @ConfigProperty(name = "clouddiagnoze.scan-token.events-lifetime") Duration eventsLifetime) {
        this.key = RsaKeys.signingKey(pem.orElse(null), file.orElse(null), devFile,
                "CLOUDDIAGNOZE_SCAN_TOKEN_SIGNING_KEY_FILE or SCAN_TOKEN_SIGNING_KEY");
        this.keyId = RsaKeys.keyId(key);
        this.issuer = issuer;
        this.requestLifetime = requestLifetime;
        this.eventsLifetime = eventsLifetime;
    }

    /** The token that lets a scanner assume {@code roleArn} with {@code externalId} for this scan run, and nothing else. */
    public String signRequest(long tenantId, long scanRunId, ServiceType service, String roleArn, String externalId) {
        return sign(claims(tenantId, scanRunId, service).audience(TenantTokenClaims.AUDIENCE_SCAN_REQUEST)
                .claim(TenantTokenClaims.ROLE, TenantTokenClaims.roleDigest(roleArn, externalId)), requestLifetime);
    }

    /** The token under which this scan run's batches and result are stored. */
    public String signEvents(long tenantId, long scanRunId, ServiceType service) {
        return sign(claims(tenantId, scanRunId, service).audience(TenantTokenClaims.AUDIENCE_SCAN_EVENTS), eventsLifetime);
    }

    private JwtClaimsBuilder claims(long tenantId, long scanRunId, ServiceType service) {
        return Jwt.issuer(issuer).subject(String.valueOf(tenantId))
                .claim(TenantTokenClaims.TENANT, String.valueOf(tenantId))
                .claim(TenantTokenClaims.SCAN_RUN, scanRunId)
                .claim(TenantTokenClaims.SERVICE, service.id())
                .groups(Set.of(TenantTokenClaims.GROUP_SCAN));
    }

    private String sign(JwtClaimsBuilder claims, Duration lifetime) {
        Instant now = Instant.now();
        return claims.issuedAt(now).expiresAt(now.plus(lifetime)).claim("jti", UUID.randomUUID().toString())
                .jws().keyId(keyId).algorithm(SignatureAlgorithm.RS256).sign(key);
    }
}
