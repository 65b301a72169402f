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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Logins and refresh tokens. A wrong password and an unknown email get the same answer in the same
 * time; an email's attempts are counted before its password is checked, and past the threshold in one window
 * none is checked until the window ends, however many arrive at once; a refresh token works once, and presenting
 * a spent one revokes every token of its family.
 */
@ApplicationScoped
public class SessionService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final LoginAttemptRepository attempts;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final int maxFailures;
    private final Duration lockoutWindow;
    private final Duration refreshTokenLifetime;

    SessionService(UserRepository users, RefreshTokenRepository refreshTokens, LoginAttemptRepository attempts,
                   PasswordHasher hasher, TokenIssuer tokens,
                   @ConfigProperty(name = "auth.lockout.max-failures", defaultValue = "5") int maxFailures,
                   @ConfigProperty(name = "auth.lockout.window", defaultValue = "PT15M") Duration lockoutWindow,
                   @ConfigProperty(name = "auth.jwt.refresh-token-lifetime", defaultValue = "P7D") Duration refreshTokenLifetime) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.attempts = attempts;
        this.hasher = hasher;
        this.tokens = tokens;
        this.maxFailures = maxFailures;
        this.lockoutWindow = lockoutWindow;
        this.refreshTokenLifetime = refreshTokenLifetime;
    }

    public Uni<TokenPair> login(String email, String password) {
        Instant now = Instant.now();
        // Counted in a transaction of its own, which ends before the password is checked: bcrypt takes a quarter of
        // a second, and the count's row lock must not wait for it.
        return Panache.withTransaction(() -> attempts.count(email, lockoutWindow))
                .flatMap(window -> {
                    if (window.attempts() > maxFailures) {
                        throw ProblemException.tooManyRequests("too many failed logins for this email; try again later",
                                Duration.ofSeconds(window.secondsLeft()));
                    }
                    return Panache.withSession(() -> users.findByEmail(email));
                })
                .flatMap(user -> hasher.matches(password, user == null ? null : user.passwordHash)
                        .flatMap(matches -> matches ? startSession(user, now)
                                : Uni.createFrom().failure(ProblemException.unauthorized("the email or the password is wrong"))));
    }

    public Uni<TokenPair> refresh(String presentedToken) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> refreshTokens.findByHash(hash(presentedToken)).flatMap(token -> {
            if (token == null || token.revokedAt != null || token.expiresAt.isBefore(now)) {
                return Uni.createFrom().item((TokenPair) null);
            }
            return refreshTokens.markUsed(token.id, now).flatMap(first -> first
                    ? users.findById(token.userId).flatMap(user -> issue(user, token.familyId, now))
                    : refreshTokens.revokeFamily(token.familyId, now).replaceWith((TokenPair) null));
        })).onItem().ifNull().failWith(() -> ProblemException.unauthorized(
                "the refresh token is not valid, expired, or was used already; sign in again"));
    }

    /** Revokes the family of the presented refresh token; an unknown token changes nothing. */
    public Uni<Void> logout(String presentedToken) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> refreshTokens.findByHash(hash(presentedToken))
                .flatMap(token -> token == null ? Uni.createFrom().voidItem()
                        : refreshTokens.revokeFamily(token.familyId, now).replaceWithVoid()));
    }

    private Uni<TokenPair> startSession(User user, Instant now) {
        return Panache.withTransaction(() -> attempts.clear(user.email)
                .flatMap(forgotten -> issue(user, UUID.randomUUID().toString(), now)));
    }

    private Uni<TokenPair> issue(User user, String familyId, Instant now) {
        String refreshToken = randomToken();
        RefreshToken stored = new RefreshToken();
        stored.userId = user.id;
        stored.familyId = familyId;
        stored.tokenHash = hash(refreshToken);
        stored.expiresAt = now.plus(refreshTokenLifetime);
        return refreshTokens.persist(stored).map(saved -> new TokenPair(tokens.accessToken(user), refreshToken, "Bearer",
                tokens.accessTokenLifetime().toSeconds()));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
