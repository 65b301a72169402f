package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.auth.rest.AuthApi.ServiceToken;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tokens for machines: the scheduler (the Kubernetes CronJob that triggers scheduled scans) trades the
 * client id and secret it was given through the environment for a short-lived token of group
 * {@code scheduler}. Without configured credentials no one can obtain one.
 */
@ApplicationScoped
public class ServiceTokenService {
    private final TokenIssuer tokens;
    private final Optional<String> clientId;
    private final Optional<String> clientSecret;

    ServiceTokenService(TokenIssuer tokens,
                        @ConfigProperty(name = "auth.scheduler.client-id") Optional<String> clientId,
                        @ConfigProperty(name = "auth.scheduler.client-secret") Optional<String> clientSecret) {
        this.tokens = tokens;
        this.clientId = clientId.filter(id -> !id.isBlank());
        this.clientSecret = clientSecret.filter(secret -> !secret.isBlank());
    }

    public ServiceToken issue(String presentedId, String presentedSecret) {
        boolean idMatches = clientId.map(id -> constantTimeEquals(id, presentedId)).orElse(false);
        boolean secretMatches = clientSecret.map(secret -> constantTimeEquals(secret, presentedSecret)).orElse(false);
        if (!(idMatches && secretMatches)) {
            throw ProblemException.unauthorized("unknown client or wrong secret");
        }
        return new ServiceToken(tokens.serviceToken(presentedId, TenantTokenClaims.GROUP_SCHEDULER,
                TenantTokenClaims.AUDIENCE_SCHEDULER), "Bearer",
                tokens.serviceTokenLifetime().toSeconds());
    }

    private static boolean constantTimeEquals(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
