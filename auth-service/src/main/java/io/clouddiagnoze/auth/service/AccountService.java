package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.auth.model.User;
import io.clouddiagnoze.auth.repository.PasswordResetRepository;
import io.clouddiagnoze.auth.repository.UserRepository;
import io.clouddiagnoze.auth.rest.AuthApi.RegisterRequest;
import io.clouddiagnoze.auth.rest.AuthApi.RoleSetup;
import io.clouddiagnoze.auth.rest.AuthApi.TokenPair;
import io.clouddiagnoze.service.persistence.Constraints;
import io.clouddiagnoze.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Tenant accounts: sign-up, profile, the AWS role hand-over, the retention period, a new password and deletion. What
 * changes the password or
 * deletes the account asks for the password again, checked as a login checks it (counted, locked after 5).
 */
@ApplicationScoped
public class AccountService {
    private final UserRepository users;
    private final PasswordResetRepository resets;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final PlatformPrincipal platform;

    AccountService(UserRepository users, PasswordResetRepository resets, PasswordHasher hasher, SessionService sessions,
                   PlatformPrincipal platform) {
        this.users = users;
        this.resets = resets;
        this.hasher = hasher;
        this.sessions = sessions;
        this.platform = platform;
    }

    /** Creates the account with a fresh ExternalId; 409 when the email is taken. */
    public Uni<User> register(RegisterRequest request) {
        PasswordPolicy.check("password", request.password(), request.email());
        // bcrypt runs before the transaction, so that no connection waits on it.
        return hasher.hash(request.password()).flatMap(hash -> Panache.withTransaction(() -> insert(request, hash)))
                .onFailure(Constraints.violated("uk_users_email")).transform(e -> emailTaken()); // two sign-ups at once
    }

    private Uni<User> insert(RegisterRequest request, String passwordHash) {
        User user = new User();
        user.email = request.email();
        user.passwordHash = passwordHash;
        user.companyName = request.companyName();
        user.externalId = "cd-" + UUID.randomUUID();
        return users.findByEmail(user.email)
                .flatMap(existing -> existing != null ? Uni.createFrom().failure(emailTaken()) : users.persistAndFlush(user));
    }


    @WithSession
    public Uni<User> profile(long userId) {
        return users.findById(userId).onItem().ifNull().failWith(() -> ProblemException.notFound("no such account"));
    }

    /** Stores the role and answers with the trust policy the customer must attach to it. */
    @WithTransaction
    public Uni<RoleSetup> setRole(long userId, String roleArn) {
        AwsRole role = AwsRole.parse(roleArn, "roleArn");
        return users.findById(userId).onItem().ifNull().failWith(() -> ProblemException.notFound("no such account"))
                .map(user -> {
                    user.roleArn = role.arn();
                    return new RoleSetup(role.arn(), user.externalId, role.trustPolicy(platform, user.externalId),
                            "Attach this trust policy to the role (IAM > Roles > " + role.arn().substring(role.arn().indexOf('/') + 1)
                                    + " > Trust relationships), and give the role read-only access such as the"
                                    + " SecurityAudit and ViewOnlyAccess managed policies.");
                });
    }

    /** The tenant's own retention period in months (validated 1 to 120 by the API); null: the platform's. */
    @WithTransaction
    public Uni<User> setRetention(long userId, Integer months) {
        return users.findById(userId).onItem().ifNull().failWith(() -> ProblemException.notFound("no such account"))
                .invoke(user -> user.retentionMonths = months);
    }

    /**
     * Sets a new password once the current one is confirmed, and ends every session of the account (another device,
     * or whoever had the old password); answers the caller's new session, opened in the same transaction.
     */
    public Uni<TokenPair> changePassword(long userId, String currentPassword, String newPassword) {
        return confirmed(userId, currentPassword, "currentPassword").flatMap(user -> {
            PasswordPolicy.check("newPassword", newPassword, user.email);
            return hasher.hash(newPassword).flatMap(hash -> Panache.withTransaction(
                    () -> storePassword(user, hash).flatMap(stored -> sessions.open(user))));
        });
    }

    /**
     * Within the caller's transaction: {@code user}'s new password hash, every session of the account ended, every reset
     * link not used yet spent, and the email's sign-in attempts forgotten.
     */
    Uni<Void> storePassword(User user, String passwordHash) {
        return users.setPasswordHash(user.id, passwordHash)
                .flatMap(updated -> sessions.endAll(user))
                .flatMap(ended -> resets.spendAll(user.id, Instant.now())).replaceWithVoid();
    }

    /** Deletes the account and everything of the tenant once its password is confirmed; 409 while one of its scans runs. */
    public Uni<Void> delete(long userId, String password) {
        return confirmed(userId, password, "password").flatMap(user -> Panache.withTransaction(() -> users.deleteUnlessScanning(userId)
                .flatMap(deleted -> deleted
                        ? Uni.createFrom().voidItem()
                        : users.hasScanInProgress(userId).flatMap(scanning -> Uni.createFrom().failure(scanning
                                ? ProblemException.conflict("a scan of this account is in progress; delete it when the scan has finished")
                                : ProblemException.notFound("no such account"))))));
    }

    /** The account, once {@code password} (the body's {@code field}) is confirmed to be its password. */
    private Uni<User> confirmed(long userId, String password, String field) {
        return Panache.withSession(() -> users.findById(userId)).onItem().ifNull().failWith(() -> ProblemException.notFound("no such account"))
                .flatMap(user -> sessions.confirmPassword(user, password).map(right -> {
                    if (!right) {
                        throw ProblemException.invalidField(field, "is not the account's password");
                    }
                    return user;
                }));
    }

    private static ProblemException emailTaken() {
        return ProblemException.conflict("an account with this email exists already");
    }
}
