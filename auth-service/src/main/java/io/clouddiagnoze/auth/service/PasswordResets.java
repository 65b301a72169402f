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
 * Password resets by mail. Asking answers the same whether an account has the email or not, and the mail goes out after
 * the answer; an account gets at most one mail each {@code auth.password-reset.interval}, however often it is asked
 * for. The link's token works once, within {@code auth.password-reset.lifetime}; using it, or any other change of the
 * password, spends every link of the account, ends its sessions and lifts a sign-in lock.
 */
@ApplicationScoped
public class PasswordResets {
    private static final Logger LOG = Logger.getLogger(PasswordResets.class);

    private final UserRepository users;
    private final PasswordResetRepository resets;
    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final ReactiveMailer mailer;
    private final String consoleUrl;
    private final Duration lifetime;
    private final Duration interval;

    PasswordResets(UserRepository users, PasswordResetRepository resets, AccountService accounts, PasswordHasher hasher,
                   ReactiveMailer mailer, @ConfigProperty(name = "auth.console-url") String consoleUrl,
                   @ConfigProperty(name = "auth.password-reset.lifetime") Duration lifetime,
                   @ConfigProperty(name = "auth.password-reset.interval") Duration interval) {
        this.users = users;
        this.resets = resets;
        this.accounts = accounts;
        this.hasher = hasher;
        this.mailer = mailer;
        this.consoleUrl = consoleUrl.replaceAll("/+$", "");
        this.lifetime = lifetime;
        this.interval = interval;
    }

    /** Mails a reset link to {@code email} if an account has it; the answer says nothing either way. */
    public Uni<Void> request(String email) {
        String token = OpaqueTokens.random();
        Instant now = Instant.now();
        return Panache.withTransaction(() -> users.findByEmail(email)
                        .flatMap(user -> user == null ? Uni.createFrom().nullItem()
                                : resets.madeSince(user.id, now.minus(interval)).map(recent -> recent > 0 ? null : user))
                        .call(user -> user == null ? Uni.createFrom().voidItem() : resets.persist(reset(user, token, now))))
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
                    // Hashed first: the token is spent in the same transaction that stores the password, or not at all.
                    return hasher.hash(newPassword).flatMap(hash -> Panache.withTransaction(() -> resets.markUsed(found.reset().id, now)
                            .flatMap(first -> first ? accounts.storePassword(found.user(), hash)
                                    : Uni.createFrom().failure(invalidToken()))));
                });
    }

    private record Found(PasswordReset reset, User user) {
    }

    private static ProblemException invalidToken() {
        return ProblemException.invalidField("token", "is not valid, has expired or was used already; ask for a new link");
    }

    private PasswordReset reset(User user, String token, Instant now) {
        PasswordReset reset = new PasswordReset();
        reset.userId = user.id;
        reset.tokenHash = OpaqueTokens.hash(token);
        reset.expiresAt = now.plus(lifetime);
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
