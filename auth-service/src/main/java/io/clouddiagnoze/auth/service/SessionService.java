package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.auth.model.RefreshToken;
import io.clouddiagnoze.auth.model.User;
import io.clouddiagnoze.auth.repository.LoginAttemptRepository;
import io.clouddiagnoze.auth.repository.RefreshTokenRepository;
import io.clouddiagnoze.auth.repository.UserRepository;
import io.clouddiagnoze.auth.rest.AuthApi.TokenPair;
import io.clouddiagnoze.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Logins, refresh tokens and the checks of a password. A wrong password and an unknown email get the same answer in
 * the same time; an email's attempts are counted before its password is checked, and past the threshold in one
 * window none is checked until the window ends, however many arrive at once; a refresh token works once, presenting
 * a spent one revokes every token of its family, and no token of a session outlives the session's lifetime.
 */
@ApplicationScoped
public class SessionService {
    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final LoginAttemptRepository attempts;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final int maxFailures;
    private final Duration lockoutWindow;
    private final Duration refreshTokenLifetime;
    private final Duration sessionLifetime;

    SessionService(UserRepository users, RefreshTokenRepository refreshTokens, LoginAttemptRepository attempts,
                   PasswordHasher hasher, TokenIssuer tokens,
                   @ConfigProperty(name = "auth.lockout.max-failures", defaultValue = "5") int maxFailures,
                   @ConfigProperty(name = "auth.lockout.window", defaultValue = "PT15M") Duration lockoutWindow,
                   @ConfigProperty(name = "auth.jwt.refresh-token-lifetime", defaultValue = "P7D") Duration refreshTokenLifetime,
                   @ConfigProperty(name = "auth.jwt.session-lifetime", defaultValue = "P30D") Duration sessionLifetime) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.attempts = attempts;
        this.hasher = hasher;
        this.tokens = tokens;
        this.maxFailures = maxFailures;
        this.lockoutWindow = lockoutWindow;
        this.refreshTokenLifetime = refreshTokenLifetime;
        this.sessionLifetime = sessionLifetime;
    }

    public Uni<TokenPair> login(String email, String password) {
        return countAttempt(email)
                .flatMap(counted -> Panache.withSession(() -> users.findByEmail(email)))
                .flatMap(user -> hasher.matches(password, user == null ? null : user.passwordHash)
                        .flatMap(matches -> matches ? start(user)
                                : Uni.createFrom().failure(ProblemException.unauthorized("the email or the password is wrong"))));
    }

    /**
     * Whether {@code password} is {@code user}'s, checked as a login checks it: counted as an attempt of its email
     * first (429 past the threshold), and a right one clears the count. For what asks for the password again.
     */
    public Uni<Boolean> confirmPassword(User user, String password) {
        return countAttempt(user.email).flatMap(counted -> hasher.matches(password, user.passwordHash))
                .call(matches -> matches ? Panache.withTransaction(() -> attempts.clear(user.email)) : Uni.createFrom().voidItem());
    }

    /** A new session of {@code user} once it signed in, and its first tokens; the email's attempts are forgotten. */
    private Uni<TokenPair> start(User user) {
        return Panache.withTransaction(() -> attempts.clear(user.email).flatMap(forgotten -> open(user)));
    }

    /** A new session of {@code user} and its first tokens, within the caller's transaction. */
    public Uni<TokenPair> open(User user) {
        Instant now = Instant.now();
        return issue(user, UUID.randomUUID().toString(), now.plus(sessionLifetime), now);
    }

    /** Ends every session of the user and forgets its email's sign-in attempts, within the caller's transaction. */
    public Uni<Void> endAll(User user) {
        return refreshTokens.revokeAllOf(user.id, Instant.now()).flatMap(revoked -> attempts.clear(user.email));
    }

    public Uni<TokenPair> refresh(String presentedToken) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> refreshTokens.findByHash(OpaqueTokens.hash(presentedToken)).flatMap(token -> {
            if (token == null || token.revokedAt != null || token.expiresAt.isBefore(now) || token.sessionExpiresAt.isBefore(now)) {
                return Uni.createFrom().item((TokenPair) null);
            }
            return refreshTokens.markUsed(token.id, now).flatMap(first -> first
                    ? users.findById(token.userId).flatMap(user -> issue(user, token.familyId, token.sessionExpiresAt, now))
                    : refreshTokens.revokeFamily(token.familyId, now).replaceWith((TokenPair) null));
        })).onItem().ifNull().failWith(() -> ProblemException.unauthorized(
                "the refresh token is not valid, expired, or was used already; sign in again"));
    }

    /** Revokes the family of the presented refresh token; an unknown token changes nothing. */
    public Uni<Void> logout(String presentedToken) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> refreshTokens.findByHash(OpaqueTokens.hash(presentedToken))
                .flatMap(token -> token == null ? Uni.createFrom().voidItem()
                        : refreshTokens.revokeFamily(token.familyId, now).replaceWithVoid()));
    }

    /**
     * Counts an attempt at {@code email} in a transaction of its own, which ends before the password is checked: bcrypt
     * takes a quarter of a second, and the count's row lock must not wait for it.
     */
    private Uni<Void> countAttempt(String email) {
        return Panache.withTransaction(() -> attempts.count(email, lockoutWindow)).map(window -> {
            if (window.attempts() > maxFailures) {
                throw ProblemException.tooManyRequests("too many failed logins for this email; try again later",
                        Duration.ofSeconds(window.secondsLeft()));
            }
            return null;
        });
    }

    private Uni<TokenPair> issue(User user, String familyId, Instant sessionExpiresAt, Instant now) {
        String refreshToken = OpaqueTokens.random();
        RefreshToken stored = new RefreshToken();
        stored.userId = user.id;
        stored.familyId = familyId;
        stored.tokenHash = OpaqueTokens.hash(refreshToken);
        Instant rotationEnds = now.plus(refreshTokenLifetime);
        stored.expiresAt = rotationEnds.isBefore(sessionExpiresAt) ? rotationEnds : sessionExpiresAt;
        stored.sessionExpiresAt = sessionExpiresAt;
        return refreshTokens.persist(stored).map(saved -> new TokenPair(tokens.accessToken(user), refreshToken, "Bearer",
                tokens.accessTokenLifetime().toSeconds()));
    }
}
