package io.clouddiagnoze.metrics.store;

import io.clouddiagnoze.service.persistence.ReplicaReads;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where metrics-collector's series and idle-resource reads go (ReplicaReads), and the replica's lag, measured. */
@Singleton
public class ReadReplica extends ReplicaReads {
    ReadReplica(Pool primary, @ReactiveDataSource("replica") Pool replica,
                @ConfigProperty(name = "clouddiagnoze.database.replica-host") Optional<String> replicaHost,
                @ConfigProperty(name = "clouddiagnoze.database.replica-max-wait") Duration maxWait, MeterRegistry registry) {
        super(primary, replica, replicaHost, maxWait, registry);
    }

    @Scheduled(every = "${clouddiagnoze.database.replica-lag-check}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> lag() {
        return measureLag();
    }
}
