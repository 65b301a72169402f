package io.clouddiagnoze.events;

import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks the scan-scoped tenant token of a scan event: signed by a key auth-service publishes, issued by
 * scan-orchestrator, not expired, of group {@code scan}, and naming the same tenant, scan run and service
 * as the event. A forged or misrouted event therefore cannot act on another tenant's data.
 */
@ApplicationScoped
public class ScanTokenVerifier {
    private final JWTParser parser;
    private final JWTAuthContextInfo scanTokens;

    ScanTokenVerifier(JWTParser parser, JWTAuthContextInfo accessTokens,
                      @ConfigProperty(name = "clouddiagnoze.scan-token.issuer") String scanIssuer) {
        this.parser = parser;
        this.scanTokens = new JWTAuthContextInfo(accessTokens);
        this.scanTokens.setIssuedBy(scanIssuer);
    }

    public void verify(String token, ScanEvent event) throws RejectedEvent {
        if (token == null || token.isBlank()) {
            throw new RejectedEvent("no tenant token");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token, scanTokens);
        } catch (ParseException e) {
            throw new RejectedEvent("tenant token refused: " + e.getMessage());
        }
        if (!jwt.getGroups().contains(TenantTokenClaims.GROUP_SCAN)) {
            throw new RejectedEvent("tenant token is not a scan token");
        }
        requireClaim(jwt, TenantTokenClaims.TENANT, String.valueOf(event.tenantId()));
        requireClaim(jwt, TenantTokenClaims.SCAN_RUN, String.valueOf(event.scanRunId()));
        requireClaim(jwt, TenantTokenClaims.SERVICE, event.service().id());
    }

    private static void requireClaim(JsonWebToken jwt, String claim, String expected) throws RejectedEvent {
        Object value = jwt.getClaim(claim);
        String actual = value == null ? null : value.toString().replace("\"", "");
        if (!expected.equals(actual)) {
            throw new RejectedEvent("tenant token names " + claim + " " + actual + " but the event names " + expected);
        }
    }
}
