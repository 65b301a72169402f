package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.auth.model.User;
import io.clouddiagnoze.auth.security.SigningKeys;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs the RS256 tokens every HTTP service trusts, each for its own audience: a user's access token for the APIs,
 * a machine's service token for what its group may call. Scan tokens are scan-orchestrator's, under a key of its own.
 */
@ApplicationScoped
public class TokenIssuer {
    private final SigningKeys keys;
    private final String issuer;
    private final Duration accessTokenLifetime;
    private final Duration serviceTokenLifetime;

    TokenIssuer(SigningKeys keys,
                @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
                @ConfigProperty(name = "auth.jwt.access-token-lifetime", defaultValue = "PT15M") Duration accessTokenLifetime,
                @ConfigProperty(name = "auth.jwt.service-token-lifetime", defaultValue = "PT5M") Duration serviceTokenLifetime) {
        this.keys = keys;
        this.issuer = issuer;
        this.accessTokenLifetime = accessTokenLifetime;
        this.serviceTokenLifetime = serviceTokenLifetime;
    }

    /** A tenant user's access token: {@code sub} and {@code tenant} are the user's id. */
    public String accessToken(User user) {
        return sign(String.valueOf(user.id), String.valueOf(user.id), TenantTokenClaims.GROUP_USER,
                TenantTokenClaims.AUDIENCE_API, accessTokenLifetime);
    }

    /** A machine's token, with no tenant: it may call only what its group allows. */
    public String serviceToken(String clientId, String group, String audience) {
        return sign("service:" + clientId, null, group, audience, serviceTokenLifetime);
    }

    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public Duration serviceTokenLifetime() {
        return serviceTokenLifetime;
    }

    private String sign(String subject, String tenant, String group, String audience, Duration lifetime) {
        Instant now = Instant.now();
        var claims = Jwt.issuer(issuer).audience(audience).subject(subject).groups(Set.of(group)).issuedAt(now)
                .expiresAt(now.plus(lifetime)).claim("jti", UUID.randomUUID().toString());
        if (tenant != null) {
            claims.claim(TenantTokenClaims.TENANT, tenant);
        }
        return claims.jws().keyId(keys.keyId()).algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(keys.privateKey());
    }
}
