package io.clouddiagnoze.auth.repository;

import io.clouddiagnoze.auth.model.User;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Accounts. */
@ApplicationScoped
public class UserRepository implements PanacheRepository<User> {

    public Uni<User> findByEmail(String email) {
        return find("email", email).firstResult();
    }

    public Uni<Integer> setPasswordHash(long id, String passwordHash) {
        return update("passwordHash = ?1 where id = ?2", passwordHash, id);
    }

    /**
     * Deletes the account (its scan runs, resources, metrics and tokens go with it by cascade) unless one
     * of its scans is in progress; checked in the same statement so that no scan can slip in between.
     *
     * @return whether the account was deleted
     */
    public Uni<Boolean> deleteUnlessScanning(long id) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "DELETE FROM users WHERE id = ?1 AND NOT EXISTS"
                                + " (SELECT 1 FROM scans_in_progress WHERE tenant_id = ?1)")
                .setParameter(1, id).executeUpdate()).map(deleted -> deleted == 1);
    }

    public Uni<Boolean> hasScanInProgress(long id) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT COUNT(*) FROM scans_in_progress WHERE tenant_id = ?1", Long.class)
                .setParameter(1, id).getSingleResult()).map(count -> count > 0);
    }
}
