package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.aws.AccountSession;
import io.clouddiagnoze.contracts.ServiceType;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** What CloudWatch holds about one service's resources: the queries for those found in one region. */
interface MetricSource {
    ServiceType service();

    Uni<List<MetricQuery>> queries(AccountSession session, String region, List<ResourceKey> resources, Window window);
}
