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

    /** Marks the reset used unless it was used first; false means it was spent already. */
    public Uni<Boolean> markUsed(long id, Instant now) {
        return update("usedAt = :now where id = :id and usedAt is null", Parameters.with("now", now).and("id", id))
                .map(updated -> updated == 1);
    }
}
