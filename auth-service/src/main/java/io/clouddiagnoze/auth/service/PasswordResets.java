package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.auth.model.PasswordReset;
import io.clouddiagnoze.auth.model.User;
import io.clouddiagnoze.auth.repository.PasswordResetRepository;
import io.clouddiagnoze.auth.repository.UserRepository;
import io.clouddiagnoze.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Password resets by mail. Asking answers the same whether an account has the email or not, and in the same time: the
 * mail goes out after the answer. The link's token works once, within {@code auth.password-reset.lifetime}; using it
 * sets the new password and ends every session of the account.
 */
@ApplicationScoped
public class PasswordResets {
    private static final Logger LOG = Logger.getLogger(PasswordResets.class);

    private final UserRepository users;
    private final PasswordResetRepository resets;
    private final AccountService accounts;
    private final ReactiveMailer mailer;
    private final String consoleUrl;
    private final Duration lifetime;

    PasswordResets(UserRepository users, PasswordResetRepository resets, AccountService accounts, ReactiveMailer mailer,
                   @ConfigProperty(name = "auth.console-url") String consoleUrl,
                   @ConfigProperty(name = "auth.password-reset.lifetime") Duration lifetime) {
        this.users = users;
        this.resets = resets;
        this.accounts = accounts;
        this.mailer = mailer;
        this.consoleUrl = consoleUrl.replaceAll("/+$", "");
        this.lifetime = lifetime;
    }

    /** Mails a reset link to {@code email} if an account has it; the answer says nothing either way. */
    public Uni<Void> request(String email) {
        String token = OpaqueTokens.random();
        return Panache.withTransaction(() -> users.findByEmail(email).call(user -> user == null ? Uni.createFrom().voidItem()
                        : resets.persist(reset(user, token))))
                .invoke(user -> {
                    if (user != null) {
                        mailer.send(mail(user, token)).subscribe().with(
                                sent -> LOG.infof("password reset mailed to account %d", user.id),
                                failure -> LOG.warnf("password reset of account %d not mailed: %s", user.id, failure.getMessage()));
                    }
                })
                .replaceWithVoid();
    }

    /** Sets {@code newPassword} with the reset {@code token} names, once; 400 for a token not valid, expired or used. */
    public Uni<Void> complete(String token, String newPassword) {
        Instant now = Instant.now();
        return Panache.withSession(() -> resets.findUsable(OpaqueTokens.hash(token), now)
                        .flatMap(reset -> reset == null ? Uni.createFrom().nullItem()
                                : users.findById(reset.userId).map(user -> new Found(reset, user))))
                .onItem().ifNull().failWith(PasswordResets::invalidToken)
                .flatMap(found -> {
                    PasswordPolicy.check("newPassword", newPassword, found.user().email);
                    return Panache.withTransaction(() -> resets.markUsed(found.reset().id, now))
                            .flatMap(first -> first ? accounts.setPassword(found.user(), newPassword)
                                    : Uni.createFrom().failure(invalidToken()));
                });
    }

    private record Found(PasswordReset reset, User user) {
    }

    private static ProblemException invalidToken() {
        return ProblemException.invalidField("token", "is not valid, has expired or was used already; ask for a new link");
    }

    private PasswordReset reset(User user, String token) {
        PasswordReset reset = new PasswordReset();
        reset.userId = user.id;
        reset.tokenHash = OpaqueTokens.hash(token);
        reset.expiresAt = Instant.now().plus(lifetime);
        return reset;
    }

    private Mail mail(User user, String token) {
        String link = consoleUrl + "/#/reset-password?token=" + token;
        return Mail.withText(user.email, "Reset your CloudDiagnoze password",
                "Someone asked to reset the password of the CloudDiagnoze account of " + user.email + ".\n\n"
                        + "To choose a new password, open this link within " + lifetime.toMinutes() + " minutes. It works once:\n\n"
                        + link + "\n\n"
                        + "Every session of the account ends when the new password is set. If you did not ask for this, ignore"
                        + " this mail: your password stays as it is.\n");
    }
}
