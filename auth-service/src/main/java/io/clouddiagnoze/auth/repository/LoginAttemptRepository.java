package io.clouddiagnoze.auth.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Login attempts per email, counted in windows of the lockout's length that start at an email's first attempt. The
 * database's clock decides the windows, so that every instance of auth-service counts the same.
 */
@ApplicationScoped
public class LoginAttemptRepository {

    /** An email's attempts in its current window, this one included, and the whole seconds until that window ends. */
    public record Window(int attempts, long secondsLeft) {}

    /**
     * Counts one attempt at {@code email} and answers its window. The upsert holds the row's lock until the
     * transaction ends, so that attempts arriving together are counted one after another, each seeing the ones
     * before. To be called in a transaction, before the password is checked.
     */
    public Uni<Window> count(String email, Duration window) {
        long seconds = window.toSeconds();
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "INSERT INTO login_attempts (email, window_started_at, attempts) VALUES (?1, UTC_TIMESTAMP(6), 1)"
                                + " ON DUPLICATE KEY UPDATE"
                                // Assigned in this order: both conditions still read the window's old start.
                                + " attempts = IF(window_started_at <= UTC_TIMESTAMP(6) - INTERVAL ?2 SECOND, 1, attempts + 1),"
                                + " window_started_at = IF(window_started_at <= UTC_TIMESTAMP(6) - INTERVAL ?2 SECOND,"
                                + " UTC_TIMESTAMP(6), window_started_at)")
                .setParameter(1, email).setParameter(2, seconds).executeUpdate()
                .flatMap(upserted -> session.createNativeQuery(
                                "SELECT attempts, CEIL(TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6),"
                                        + " window_started_at + INTERVAL ?2 SECOND) / 1000000)"
                                        + " FROM login_attempts WHERE email = ?1", Object[].class)
                        .setParameter(1, email).setParameter(2, seconds).getSingleResult()))
                .map(row -> new Window(((Number) row[0]).intValue(), Math.max(1, ((Number) row[1]).longValue())));
    }

    /** Forgets an email's attempts: it signed in. */
    public Uni<Void> clear(String email) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("DELETE FROM login_attempts WHERE email = ?1")
                .setParameter(1, email).executeUpdate()).replaceWithVoid();
    }

    /** Deletes the windows that ended before {@code window} ago; returns how many. */
    public Uni<Integer> forgetEnded(Duration window) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "DELETE FROM login_attempts WHERE window_started_at <= UTC_TIMESTAMP(6) - INTERVAL ?1 SECOND")
                .setParameter(1, window.toSeconds()).executeUpdate());
    }
}
