package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.aws.AccountRateLimiter;
import io.clouddiagnoze.aws.AccountSession;
import io.clouddiagnoze.aws.AwsClients;
import io.clouddiagnoze.aws.AwsErrors;
import io.clouddiagnoze.aws.TenantCredentials;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.contracts.events.ResourcesStored.StoredResource;
import io.clouddiagnoze.events.RejectedEvent;
import io.clouddiagnoze.metrics.store.PerformanceRow;
import io.clouddiagnoze.metrics.store.PerformanceRepository;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.clouddiagnoze.service.persistence.DatabaseErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Collects the metrics of one batch of stored resources: assumes the tenant's role (as the scanners do), reads the
 * window ending when the batch was found from CloudWatch, and stores one performance row per resource row (the event
 * names each row's id) and period. A batch is the unit of work: read again after a crash or a redelivery, it writes
 * the same rows.
 *
 * <p>A metrics failure never touches the scan run: an AWS failure (denied, throttled past every retry, a
 * region that fails) or a tenant without a role is logged with the scan run id, counted, and the batch is
 * done. Rows the database refuses (their resources are gone: the scan was deleted since) send the batch to the
 * dead-letter topic, so that nothing is dropped in silence.
 */
@ApplicationScoped
public class MetricCollection {
    private static final Logger LOG = Logger.getLogger(MetricCollection.class);

    private final PerformanceRepository store;
    private final TenantCredentials credentials;
    private final AwsClients clients;
    private final AccountRateLimiter limiter;
    private final CloudWatchReader reader;
    private final Map<ServiceType, MetricSource> sources;
    private final Duration window;
    private final Duration period;
    private final MeterRegistry registry;
    private final Counter pointsStored;

    MetricCollection(PerformanceRepository store, TenantCredentials credentials, AwsClients clients, AccountRateLimiter limiter,
                     CloudWatchReader reader, MeterRegistry registry,
                     @ConfigProperty(name = "clouddiagnoze.metrics.window") Duration window,
                     @ConfigProperty(name = "clouddiagnoze.metrics.period") Duration period) {
        this.store = store;
        this.credentials = credentials;
        this.clients = clients;
        this.limiter = limiter;
        this.reader = reader;
        this.sources = List.of(DimensionMetrics.ec2(), DimensionMetrics.rds(), new S3Metrics(), new VpcMetrics()).stream()
                .collect(Collectors.toMap(MetricSource::service, source -> source));
        this.window = window;
        this.period = period;
        this.registry = registry;
        this.pointsStored = Counter.builder("clouddiagnoze.metrics.rows.stored")
                .description("performance rows written (new or re-collected)").register(registry);
    }

    public Uni<Void> collect(ResourcesStored batch) {
        PerformanceTable table = PerformanceTable.of(batch.service());
        Window collected = Window.ending(batch.discoveredAt(), window, period);
        return read(batch, table, collected).flatMap(points -> points.isEmpty()
                ? Uni.createFrom().voidItem() : store(batch, table, points));
    }

    /** The batch's datapoints; none when CloudWatch cannot be read. */
    private Uni<BatchPoints> read(ResourcesStored batch, PerformanceTable table, Window collected) {
        return store.role(batch.tenantId()).flatMap(role -> {
            if (role.isEmpty()) {
                failed(batch, "no_role", "the tenant has no role");
                return Uni.createFrom().item(new BatchPoints(table));
            }
            return credentials.assume(batch.tenantId(), role.get().roleArn(), role.get().externalId(),
                            "clouddiagnoze-metrics-" + batch.scanRunId())
                    .flatMap(tenant -> {
                        AccountSession session = new AccountSession(tenant, clients, limiter);
                        return readRegions(session, batch, table, collected).eventually(session::close);
                    });
        }).onFailure(AwsErrors::isAwsFailure).recoverWithItem(failure -> {
            failed(batch, AwsErrors.classify(failure).name().toLowerCase(Locale.ROOT), AwsErrors.describe(failure));
            return new BatchPoints(table);
        });
    }

    private Uni<BatchPoints> readRegions(AccountSession session, ResourcesStored batch, PerformanceTable table,
                                         Window collected) {
        MetricSource source = sources.get(batch.service());
        Map<String, List<ResourceKey>> byRegion = batch.resources().stream().collect(Collectors.groupingBy(
                StoredResource::region, LinkedHashMap::new,
                Collectors.mapping(r -> new ResourceKey(r.region(), r.naturalId()), Collectors.toList())));
        return Multi.createFrom().iterable(byRegion.entrySet())
                .onItem().transformToMultiAndConcatenate(region -> source.queries(session, region.getKey(), region.getValue(), collected)
                        .onItem().transformToMulti(queries -> reader.read(session, region.getKey(), queries, collected.end())))
                .collect().in(() -> new BatchPoints(table), BatchPoints::add);
    }

    private Uni<Void> store(ResourcesStored batch, PerformanceTable table, BatchPoints points) {
        Map<ResourceKey, Long> rowIds = batch.resources().stream()
                .collect(Collectors.toMap(r -> new ResourceKey(r.region(), r.naturalId()), StoredResource::id));
        List<PerformanceRow> performance = points.rows(rowIds);
        return store.insert(table, batch.tenantId(), performance).invoke(() -> {
                    pointsStored.increment(performance.size());
                    LOG.debugf("scan run %d of tenant %d: %d %s rows for %d resources", batch.scanRunId(), batch.tenantId(),
                            performance.size(), table.table(), batch.resources().size());
                })
                .onFailure(failure -> DatabaseErrors.refusal(failure).isPresent()).transform(failure -> {
                    registry.counter("clouddiagnoze.metrics.batches.refused").increment();
                    return new RejectedEvent("the metrics of scan run " + batch.scanRunId() + " were refused by the database ("
                            + DatabaseErrors.refusal(failure).orElseThrow() + "): its resources may have been deleted since");
                });
    }

    private void failed(ResourcesStored batch, String reason, String detail) {
        registry.counter("clouddiagnoze.metrics.collection.failures", "service", batch.service().id(), "reason", reason).increment();
        LOG.warnf("scan run %d of tenant %d: no %s metrics for %d resources of batch %d: %s", batch.scanRunId(), batch.tenantId(),
                batch.service().id(), batch.resources().size(), batch.batchSequence(), detail);
    }
}
