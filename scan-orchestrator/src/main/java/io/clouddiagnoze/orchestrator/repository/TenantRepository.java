package io.clouddiagnoze.orchestrator.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenants as scan-orchestrator may see them: their id, AWS role and ExternalId, which its database
 * account may read (and nothing else of a user).
 */
@ApplicationScoped
public class TenantRepository {
    private final Pool pool;

    TenantRepository(Pool pool) {
        this.pool = pool;
    }

    /** A tenant's role; null when the tenant does not exist. */
    public Uni<TenantRole> role(long tenantId) {
        return pool.preparedQuery("SELECT id, role_arn, external_id FROM users WHERE id = ?").execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? null : TenantRole.of(rows.iterator().next()));
    }

    /** Every tenant that has handed over a role, or those of {@code only} that have. */
    public Uni<List<TenantRole>> withRoles(List<Long> only) {
        String sql = "SELECT id, role_arn, external_id FROM users WHERE role_arn IS NOT NULL"
                + (only.isEmpty() ? "" : " AND id IN (" + "?,".repeat(only.size() - 1) + "?)") + " ORDER BY id";
        return pool.preparedQuery(sql).execute(Tuple.from(new ArrayList<Object>(only))).map(rows -> {
            List<TenantRole> roles = new ArrayList<>();
            rows.forEach(row -> roles.add(TenantRole.of(row)));
            return roles;
        });
    }

    /** A tenant and the role CloudDiagnoze assumes in its account (null until it hands one over). */
    public record TenantRole(long tenantId, String roleArn, String externalId) {
        static TenantRole of(Row row) {
            return new TenantRole(row.getLong("id"), row.getString("role_arn"), row.getString("external_id"));
        }
    }
}
