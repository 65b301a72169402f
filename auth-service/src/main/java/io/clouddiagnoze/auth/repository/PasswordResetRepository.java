package io.clouddiagnoze.auth.repository;

import io.clouddiagnoze.auth.model.PasswordReset;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Password resets by token hash. */
@ApplicationScoped
public class PasswordResetRepository implements PanacheRepository<PasswordReset> {

    /** The reset of {@code tokenHash} if it is neither used nor expired at {@code now}, else null. */
    public Uni<PasswordReset> findUsable(String tokenHash, Instant now) {
        return find("tokenHash = :hash and usedAt is null and expiresAt > :now",
                Parameters.with("hash", tokenHash).and("now", now)).firstResult();
    }

    /** How many resets of the user were made since {@code since}. */
    public Uni<Long> madeSince(long userId, Instant since) {
        return count("userId = :user and createdAt > :since", Parameters.with("user", userId).and("since", since));
    }

    /** Spends every reset of the user not used yet: its password changed. */
    public Uni<Integer> spendAll(long userId, Instant now) {
        return update("usedAt = :now where userId = :user and usedAt is null", Parameters.with("now", now).and("user", userId));
    }

    /** Deletes the resets that expired before {@code before}. */
    public Uni<Long> forgetExpired(Instant before) {
        return delete("expiresAt < :before", Parameters.with("before", before));
    }

    /** Marks the reset used unless it was used first; false means it was spent already. */
    public Uni<Boolean> markUsed(long id, Instant now) {
        return update("usedAt = :now where id = :id and usedAt is null", Parameters.with("now", now).and("id", id))
                .map(updated -> updated == 1);
    }
}
