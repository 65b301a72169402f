package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.service.security.RsaKeys;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
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
 * Signs the scan-scoped tenant token that a scan request carries and every event of that scan carries
 * on. Its key's public half is published by auth-service (its additional public keys), so every service
 * verifies these tokens against the one JWK set.
 */
@ApplicationScoped
public class ScanTokenSigner {
    private final PrivateKey key;
    private final String keyId;
    private final String issuer;
    private final Duration lifetime;

    ScanTokenSigner(@ConfigProperty(name = "clouddiagnoze.scan-token.signing-key") Optional<String> pem,
                    @ConfigProperty(name = "clouddiagnoze.scan-token.signing-key-file") Optional<Path> file,
                    @ConfigProperty(name = "clouddiagnoze.scan-token.dev-key-file") Path devFile,
                    @ConfigProperty(name = "clouddiagnoze.scan-token.issuer") String issuer,
                    @ConfigProperty(name = "clouddiagnoze.scan-token.lifetime", defaultValue = "PT6H") Duration lifetime) {
        this.key = RsaKeys.signingKey(pem.orElse(null), file.orElse(null), devFile);
        this.keyId = RsaKeys.keyId(key);
        this.issuer = issuer;
        this.lifetime = lifetime;
    }

    public String sign(long tenantId, long scanRunId, ServiceType service) {
        Instant now = Instant.now();
        return Jwt.issuer(issuer).subject(String.valueOf(tenantId))
                .claim(TenantTokenClaims.TENANT, String.valueOf(tenantId))
                .claim(TenantTokenClaims.SCAN_RUN, scanRunId)
                .claim(TenantTokenClaims.SERVICE, service.id())
                .groups(Set.of(TenantTokenClaims.GROUP_SCAN))
                .issuedAt(now).expiresAt(now.plus(lifetime)).claim("jti", UUID.randomUUID().toString())
                .jws().keyId(keyId).algorithm(SignatureAlgorithm.RS256).sign(key);
    }
}
