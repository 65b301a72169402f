package io.clouddiagnoze.metrics.store;

import io.clouddiagnoze.service.jobs.JobLeases;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/** The leases of metrics-collector's jobs (the raw points' window). */
@Singleton
public class JobLeaseRepository extends JobLeases {
    JobLeaseRepository(Pool pool) {
        super(pool);
    }
}
