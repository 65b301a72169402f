package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.auth.repository.LoginAttemptRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Deletes the attempt counts whose window has ended, so that emails guessed once do not stay counted for ever. */
@ApplicationScoped
public class LoginAttemptsPurge {
    private static final Logger LOG = Logger.getLogger(LoginAttemptsPurge.class);

    private final LoginAttemptRepository attempts;
    private final Duration lockoutWindow;

    LoginAttemptsPurge(LoginAttemptRepository attempts,
                       @ConfigProperty(name = "auth.lockout.window", defaultValue = "PT15M") Duration lockoutWindow) {
        this.attempts = attempts;
        this.lockoutWindow = lockoutWindow;
    }

    @Scheduled(every = "${auth.lockout.window}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> forgetEndedWindows() {
        return Panache.withTransaction(() -> attempts.forgetEnded(lockoutWindow))
                .invoke(deleted -> LOG.debugf("forgot %d ended login windows", deleted))
                .onFailure().invoke(failure -> LOG.warn("ended login windows not forgotten yet, will retry", failure))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
