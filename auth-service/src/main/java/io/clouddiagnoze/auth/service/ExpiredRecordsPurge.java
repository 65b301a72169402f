package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.auth.repository.LoginAttemptRepository;
import io.clouddiagnoze.auth.repository.PasswordResetRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes what has ended: attempt counts whose window is over, so that emails guessed once do not stay counted for ever,
 * and password resets a day after they expired.
 */
@ApplicationScoped
public class ExpiredRecordsPurge {
    private static final Logger LOG = Logger.getLogger(ExpiredRecordsPurge.class);

    private final LoginAttemptRepository attempts;
    private final PasswordResetRepository resets;
    private final Duration lockoutWindow;

    ExpiredRecordsPurge(LoginAttemptRepository attempts, PasswordResetRepository resets,
                        @ConfigProperty(name = "auth.lockout.window", defaultValue = "PT15M") Duration lockoutWindow) {
        this.attempts = attempts;
        this.resets = resets;
        this.lockoutWindow = lockoutWindow;
    }

    @Scheduled(every = "${auth.lockout.window}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> forgetEndedWindows() {
        return purge("ended login windows", () -> attempts.forgetEnded(lockoutWindow).map(Integer::longValue));
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> forgetExpiredResets() {
        return purge("expired password resets", () -> resets.forgetExpired(Instant.now().minus(Duration.ofDays(1))));
    }

    private static Uni<Void> purge(String what, Supplier<Uni<Long>> delete) {
        return Panache.withTransaction(delete)
                .invoke(deleted -> LOG.debugf("forgot %d %s", deleted, what))
                .onFailure().invoke(failure -> LOG.warn(what + " not forgotten yet, will retry", failure))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
