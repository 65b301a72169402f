package io.clouddiagnoze.service.security;

import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.service.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The tenant of the caller, taken from the verified access token's {@code tenant} claim and never from
 * the request. A token without a usable tenant claim is refused with 401.
 */
@RequestScoped
public class CurrentTenant {
    private final JsonWebToken token;

    CurrentTenant(JsonWebToken token) {
        this.token = token;
    }

    public long id() {
        Object claim = token.getClaim(TenantTokenClaims.TENANT);
        if (claim == null) {
            throw ProblemException.unauthorized("the token names no tenant");
        }
        try {
            long tenant = Long.parseLong(claim.toString().replace("\"", ""));
            if (tenant > 0) {
                return tenant;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ProblemException.unauthorized("the token's tenant is not valid");
    }
}
