package io.clouddiagnoze.orchestrator.repository;

import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scan runs, always looked up within one tenant. The lookups that callers follow with resource queries
 * on the plain pool open a session of their own, closed before those queries: a request that held a
 * session's connection while waiting for another would, under load, hold the whole pool and wait forever.
 */
@ApplicationScoped
public class ScanRunRepository implements PanacheRepository<ScanRun> {

    /** The tenant's scan run, or null when it does not exist or belongs to someone else. */
    public Uni<ScanRun> findOwned(long tenantId, long id) {
        return find("id = :id and tenantId = :tenant", Parameters.with("id", id).and("tenant", tenantId)).firstResult();
    }

    /** The tenant's scan runs matching the optional filters, newest first. */
    public PanacheQuery<ScanRun> search(long tenantId, String service, ScanRun.Status status, Instant from, Instant to) {
        List<String> conditions = new ArrayList<>(List.of("tenantId = :tenant"));
        Parameters parameters = Parameters.with("tenant", tenantId);
        if (service != null) {
            conditions.add("service = :service");
            parameters.and("service", service);
        }
        if (status != null) {
            conditions.add("status = :status");
            parameters.and("status", status);
        }
        if (from != null) {
            conditions.add("scanTimestamp >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            conditions.add("scanTimestamp < :to");
            parameters.and("to", to);
        }
        return find(String.join(" and ", conditions), Sort.descending("scanTimestamp", "id"), parameters);
    }

    /** The successful scan of the same service just before {@code run}, or null. */
    @WithSession
    public Uni<ScanRun> previousSuccessful(ScanRun run) {
        return find("tenantId = :tenant and service = :service and status = :status and id < :id",
                Sort.descending("scanTimestamp", "id"),
                Parameters.with("tenant", run.tenantId).and("service", run.service)
                        .and("status", ScanRun.Status.success).and("id", run.id))
                .firstResult();
    }
}
