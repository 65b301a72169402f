package io.clouddiagnoze.auth.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * bcrypt hashing and checking, run on worker threads so that the event loop keeps serving other
 * requests while a hash is computed.
 */
@ApplicationScoped
public class PasswordHasher {
    private final Vertx vertx;
    private final int cost;
    /** Checked against when an email has no account, so that its answer takes as long as a wrong password. */
    private final String decoyHash;

    PasswordHasher(Vertx vertx, @ConfigProperty(name = "auth.password.bcrypt-cost", defaultValue = "12") int cost) {
        this.vertx = vertx;
        this.cost = cost;
        this.decoyHash = BcryptUtil.bcryptHash(java.util.UUID.randomUUID().toString(), cost);
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(() -> BcryptUtil.bcryptHash(password, cost), false);
    }

    /** Whether {@code password} matches {@code hash}; a null hash (no account) never matches, in the same time. */
    public Uni<Boolean> matches(String password, String hash) {
        return vertx.executeBlocking(() -> BcryptUtil.matches(password, hash == null ? decoyHash : hash) && hash != null,
                false);
    }
}
