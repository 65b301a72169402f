package io.clouddiagnoze.auth.security;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * auth-service verifies the tokens it issued against its own published keys directly, where every
 * other service fetches them from the JWKS endpoint; the rules (RS256 only, issuer, audience) are the same.
 */
public class OwnTokenVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo verification(SigningKeys keys, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
                                    @ConfigProperty(name = "mp.jwt.verify.audiences") Set<String> audiences) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(keys.jwks());
        info.setIssuedBy(issuer);
        info.setExpectedAudience(audiences);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        return info;
    }
}
