package io.clouddiagnoze.orchestrator.repository;

import io.clouddiagnoze.service.jobs.JobLeases;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/** The leases of scan-orchestrator's jobs (retention). */
@Singleton
public class JobLeaseRepository extends JobLeases {
    JobLeaseRepository(Pool pool) {
        super(pool);
    }
}
