package io.clouddiagnoze.auth.repository;

import io.clouddiagnoze.auth.model.LoginFailure;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Failed logins per email, within the lockout window. */
@ApplicationScoped
public class LoginFailureRepository implements PanacheRepository<LoginFailure> {

    /** The failures for {@code email} since {@code since}, oldest first. */
    public Uni<List<LoginFailure>> since(String email, Instant since) {
        return find("email = :email and failedAt >= :since", Sort.by("failedAt"),
                Parameters.with("email", email).and("since", since)).list();
    }

    public Uni<Long> forget(String email) {
        return delete("email", email);
    }

    public Uni<Long> forgetBefore(String email, Instant before) {
        return delete("email = :email and failedAt < :before", Parameters.with("email", email).and("before", before));
    }
}
