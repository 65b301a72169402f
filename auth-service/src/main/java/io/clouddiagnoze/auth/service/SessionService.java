package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.auth.model.LoginFailure;
import io.clouddiagnoze.auth.model.RefreshToken;
import io.clouddiagnoze.auth.model.User;
import io.clouddiagnoze.auth.repository.LoginFailureRepository;
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
 * time; too many failures for one email lock it for a while; a refresh token works once, and presenting
 * a spent one revokes every token of its family.
 */
@ApplicationScoped
public class SessionService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final LoginFailureRepository failures;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final int maxFailures;
    private final Duration lockoutWindow;
    private final Duration refreshTokenLifetime;

    SessionService(UserRepository users, RefreshTokenRepository refreshTokens, LoginFailureRepository failures,
                   PasswordHasher hasher, TokenIssuer tokens,
                   @ConfigProperty(name = "auth.lockout.max-failures", defaultValue = "5") int maxFailures,
                   @ConfigProperty(name = "auth.lockout.window", defaultValue = "PT15M") Duration lockoutWindow,
                   @ConfigProperty(name = "auth.jwt.refresh-token-lifetime", defaultValue = "P7D") Duration refreshTokenLifetime) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.failures = failures;
        this.hasher = hasher;
        this.tokens = tokens;
        this.maxFailures = maxFailures;
        this.lockoutWindow = lockoutWindow;
        this.refreshTokenLifetime = refreshTokenLifetime;
    }

    public Uni<TokenPair> login(String email, String password) {
        Instant now = Instant.now();
        // The password is checked outside any transaction: bcrypt takes a quarter of a second.
        return Panache.withSession(() -> refuseIfLocked(email, now).flatMap(unlocked -> users.findByEmail(email)))
                .flatMap(user -> hasher.matches(password, user == null ? null : user.passwordHash)
                        .flatMap(matches -> matches ? startSession(user, now) : recordFailure(email, now)));
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

    private Uni<Void> refuseIfLocked(String email, Instant now) {
        return failures.since(email, now.minus(lockoutWindow)).map(recent -> {
            if (recent.size() >= maxFailures) {
                Instant unlocksAt = recent.get(recent.size() - maxFailures).failedAt.plus(lockoutWindow);
                throw ProblemException.tooManyRequests("too many failed logins for this email; try again later",
                        Duration.between(now, unlocksAt));
            }
            return null;
        });
    }

    private Uni<TokenPair> recordFailure(String email, Instant now) {
        LoginFailure failure = new LoginFailure();
        failure.email = email;
        failure.failedAt = now;
        return Panache.withTransaction(() -> failures.forgetBefore(email, now.minus(lockoutWindow))
                        .flatMap(forgotten -> failures.persist(failure)))
                .map(saved -> {
                    throw ProblemException.unauthorized("the email or the password is wrong");
                });
    }

    private Uni<TokenPair> startSession(User user, Instant now) {
        return Panache.withTransaction(() -> failures.forget(user.email)
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
