package io.clouddiagnoze.auth.repository;

import io.clouddiagnoze.auth.model.RefreshToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Refresh tokens by hash and family. */
@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepository<RefreshToken> {

    public Uni<RefreshToken> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /** Marks the token used if nobody used or revoked it before; false means it was already spent. */
    public Uni<Boolean> markUsed(long id, Instant now) {
        return update("usedAt = :now where id = :id and usedAt is null and revokedAt is null",
                Parameters.with("now", now).and("id", id)).map(updated -> updated == 1);
    }

    public Uni<Integer> revokeFamily(String familyId, Instant now) {
        return update("revokedAt = :now where familyId = :family and revokedAt is null",
                Parameters.with("now", now).and("family", familyId));
    }

    /** Ends every session of the user: its password changed. */
    public Uni<Integer> revokeAllOf(long userId, Instant now) {
        return update("revokedAt = :now where userId = :user and revokedAt is null", Parameters.with("now", now).and("user", userId));
    }
}
