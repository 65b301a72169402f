package io.clouddiagnoze.auth.rest;

import io.clouddiagnoze.auth.security.SigningKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The public keys that verify tokens (RFC 7517), for every other service: HTTP tokens' and scan tokens' apart. */
@Path("/.well-known")
@PermitAll
public class JwksResource {
    private final SigningKeys keys;

    JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Path("jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String jwks() {
        return keys.jwks();
    }

    @GET
    @Path("scan-jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String scanJwks() {
        return keys.scanJwks();
    }
}
