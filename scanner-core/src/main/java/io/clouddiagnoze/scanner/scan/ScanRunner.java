package io.clouddiagnoze.scanner.scan;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.events.RejectedEvent;
import io.clouddiagnoze.aws.AccessDeniedException;
import io.clouddiagnoze.aws.AccountRateLimiter;
import io.clouddiagnoze.aws.AwsClients;
import io.clouddiagnoze.aws.AwsErrors;
import io.clouddiagnoze.aws.TenantCredentials;
import io.clouddiagnoze.scanner.messaging.ResourceEmitter;
import io.clouddiagnoze.scanner.messaging.ResourceEmitter.Batches;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsRequest;
import software.amazon.awssdk.services.ec2.model.Region;

/**
 * Runs one scan request: assumes the tenant's role, scans the requested regions (or every enabled one)
 * in parallel with a bounded concurrency, streams what the collector finds out in batches, and ends with
 * a result that counts exactly what was sent and says how each region went. A region that fails is
 * reported and the others go on; a role that cannot be assumed fails the whole scan with a clear error. The request
 * has been verified before it comes here ({@link io.clouddiagnoze.events.ScanTokenVerifier}): the role it names is the
 * one its token was signed for, and the token has not expired, so a backlog left by an outage does not sweep the
 * tenants' accounts again for runs that have long been closed.
 */
@ApplicationScoped
public class ScanRunner {
    private static final Logger LOG = Logger.getLogger(ScanRunner.class);

    private final ServiceType service;
    private final ResourceCollector collector;
    private final TenantCredentials credentials;
    private final AwsClients clients;
    private final AccountRateLimiter limiter;
    private final ResourceEmitter emitter;
    private final ScannerMetrics metrics;
    private final String platformRegion;
    private final int regionConcurrency;
    private final int pageSize;

    ScanRunner(@ConfigProperty(name = "clouddiagnoze.scanner.service") String service, ResourceCollector collector,
               TenantCredentials credentials, AwsClients clients, AccountRateLimiter limiter, ResourceEmitter emitter,
               ScannerMetrics metrics, @ConfigProperty(name = "clouddiagnoze.aws.region") String platformRegion,
               @ConfigProperty(name = "clouddiagnoze.scanner.region-concurrency") int regionConcurrency,
               @ConfigProperty(name = "clouddiagnoze.scanner.page-size") int pageSize) {
        this.service = ServiceType.fromId(service).orElseThrow(() -> new IllegalStateException("unknown service " + service));
        this.collector = collector;
        this.credentials = credentials;
        this.clients = clients;
        this.limiter = limiter;
        this.emitter = emitter;
        this.metrics = metrics;
        this.platformRegion = platformRegion;
        this.regionConcurrency = regionConcurrency;
        this.pageSize = pageSize;
    }

    /**
     * Scans as {@code request} asks, its events under {@code eventsToken}; completes once the result is on the broker.
     * Repeatable: a retry starts afresh.
     */
    public Uni<Void> scan(ScanRequested request, String eventsToken) {
        if (request.service() != service) {
            throw new RejectedEvent("this scanner scans " + service.id() + ", not " + request.service().id());
        }
        return Uni.createFrom().deferred(() -> {
            Batches batches = emitter.start(request, eventsToken);
            LOG.infof("scan run %d of tenant %d: scanning %s in %s", request.scanRunId(), request.tenantId(), service.id(),
                    request.regions().isEmpty() ? "every enabled region" : request.regions());
            return credentials.assume(request.tenantId(), request.roleArn(), request.externalId(), "clouddiagnoze-scan-" + request.scanRunId())
                    .flatMap(tenant -> {
                        ScanSession session = new ScanSession(request, tenant, clients, limiter, pageSize);
                        return regions(session).flatMap(regions -> scanRegions(session, regions, batches))
                                .eventually(session::close);
                    })
                    .onFailure(AccessDeniedException.class).recoverWithItem(denied -> deniedEverywhere(request, denied))
                    .flatMap(outcomes -> {
                        ScanResult result = result(request, outcomes, batches);
                        return batches.finish(result).invoke(() -> metrics.finished(result));
                    });
        });
    }

    /** Every requested region (or, when none was named, the account as a whole) failed the same way. */
    private static List<RegionOutcome> deniedEverywhere(ScanRequested request, Throwable denied) {
        List<String> regions = request.regions().isEmpty() ? List.of("all") : request.regions();
        return regions.stream().map(region -> new RegionOutcome(region, RegionOutcome.Outcome.ERROR, 0, denied.getMessage())).toList();
    }

    private Uni<List<String>> regions(ScanSession session) {
        if (!session.request().regions().isEmpty()) {
            return Uni.createFrom().item(session.request().regions());
        }
        Ec2AsyncClient ec2 = session.client(platformRegion, Ec2AsyncClient::builder);
        return session.call(() -> ec2.describeRegions(DescribeRegionsRequest.builder().build()))
                .map(answer -> answer.regions().stream().map(Region::regionName).sorted().toList())
                .onFailure(failure -> AwsErrors.classify(failure) == AwsErrors.Kind.ACCESS_DENIED)
                .transform(failure -> new AccessDeniedException("cannot list the account's regions: " + AwsErrors.describe(failure)
                        + " — the role needs ec2:DescribeRegions, or name the regions to scan", failure));
    }

    private Uni<List<RegionOutcome>> scanRegions(ScanSession session, List<String> regions, Batches batches) {
        return Multi.createFrom().iterable(regions)
                .onItem().transformToUni(region -> scanRegion(session, region, batches)).merge(regionConcurrency)
                .collect().asList()
                .map(outcomes -> outcomes.stream().sorted(Comparator.comparing(RegionOutcome::region)).toList());
    }

    private Uni<RegionOutcome> scanRegion(ScanSession session, String region, Batches batches) {
        AtomicInteger sent = new AtomicInteger();
        return batches.send(region, collector.collect(session, region), sent)
                .map(done -> new RegionOutcome(region, RegionOutcome.Outcome.OK, sent.get(), null))
                .onFailure(failure -> !AwsErrors.isAwsFailure(failure))
                .invoke(failure -> LOG.errorf(failure, "scan run %d: %s failed in %s", session.request().scanRunId(), service.id(), region))
                .onFailure(AwsErrors::isAwsFailure)
                .recoverWithItem(failure -> outcomeOf(session, region, failure, sent.get()));
    }

    private RegionOutcome outcomeOf(ScanSession session, String region, Throwable failure, int sent) {
        AwsErrors.Kind kind = AwsErrors.classify(failure);
        String detail = AwsErrors.describe(failure);
        LOG.warnf("scan run %d of tenant %d: %s in %s: %s", session.request().scanRunId(), session.request().tenantId(),
                service.id(), region, detail);
        return kind == AwsErrors.Kind.REGION_UNAVAILABLE
                ? new RegionOutcome(region, RegionOutcome.Outcome.SKIPPED, sent, "region not enabled: " + detail)
                : new RegionOutcome(region, RegionOutcome.Outcome.ERROR, sent, detail);
    }

    private ScanResult result(ScanRequested request, List<RegionOutcome> outcomes, Batches batches) {
        long total = outcomes.stream().mapToLong(RegionOutcome::resourceCount).sum();
        String error = FailedRegions.summary(outcomes);
        ScanResult.Status status = error == null ? ScanResult.Status.SUCCESS : ScanResult.Status.ERROR;
        LOG.infof("scan run %d of tenant %d: %s done, %s, %d resources in %d batches", request.scanRunId(), request.tenantId(),
                service.id(), status, total, batches.batchCount());
        return new ScanResult(request.scanRunId(), request.tenantId(), service, status, total, batches.batchCount(), outcomes,
                error, Instant.now());
    }
}
