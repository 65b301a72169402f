package io.clouddiagnoze.orchestrator.repository;

import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tenants as scan-orchestrator may see them: their id, AWS role and ExternalId and retention period, which its
 * database account may read (and nothing else of a user).
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

    /** Every tenant with its own retention period in months (null: the platform's), by id. */
    public Uni<List<TenantRetention>> retentionPeriods() {
        return pool.query("SELECT id, retention_months FROM users ORDER BY id").execute()
                .map(rows -> Rows.each(rows, row -> new TenantRetention(row.getLong("id"), row.getInteger("retention_months"))));
    }

    /** Which of {@code tenantIds} exist. */
    public Uni<Set<Long>> existing(List<Long> tenantIds) {
        if (tenantIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("SELECT id FROM users WHERE id IN (" + Rows.marks(tenantIds.size()) + ")")
                .execute(Tuple.from(new ArrayList<Object>(tenantIds)))
                .map(rows -> Set.copyOf(Rows.each(rows, row -> row.getLong("id"))));
    }

    /** A tenant and its own retention period in months; null: the platform's. */
    public record TenantRetention(long tenantId, Integer months) {
    }

    /** A tenant and the role CloudDiagnoze assumes in its account (null until it hands one over). */
    public record TenantRole(long tenantId, String roleArn, String externalId) {
        static TenantRole of(Row row) {
            return new TenantRole(row.getLong("id"), row.getString("role_arn"), row.getString("external_id"));
        }
    }
}
