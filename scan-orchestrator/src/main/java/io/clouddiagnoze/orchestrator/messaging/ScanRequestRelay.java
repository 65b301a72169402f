package io.clouddiagnoze.orchestrator.messaging;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.events.EventMessages;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.Outbox;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.service.ScansStarted;
import io.clouddiagnoze.orchestrator.repository.TenantRepository;
import io.clouddiagnoze.orchestrator.repository.TenantRepository.TenantRole;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes the scan request of every scan run whose request has not reached Kafka yet. The scan run row
 * is the outbox: it is committed first, and its request is marked published only once the broker has
 * acknowledged it, so a crash in between sends the request again rather than never: requests go out at
 * least once, which is safe because ingestion is idempotent per scan run (a rescan of the same run stores
 * nothing twice). No row is locked while Kafka is waited on, so API writes never queue behind the relay; a round
 * sends only the runs it has claimed ({@link RelayClaims}), so a second instance's rounds send others, never the same.
 *
 * <p>One round runs at a time in an instance, whether the scheduler or a scan just started asks for it: a burst of
 * 200 scans would otherwise start 200 rounds, each waiting on the others' claims. A call during a round returns at
 * once: that round, or the next tick a second later, sends what it finds.
 */
@ApplicationScoped
public class ScanRequestRelay {
    private static final Logger LOG = Logger.getLogger(ScanRequestRelay.class);

    private final ScanRunRepository runs;
    private final RelayClaims claims;
    private final TenantRepository tenants;
    private final ScanTokenSigner tokens;
    private final MutinyEmitter<byte[]> requests;
    private final AtomicBoolean publishing = new AtomicBoolean();

    ScanRequestRelay(ScanRunRepository runs, RelayClaims claims, TenantRepository tenants, ScanTokenSigner tokens,
                     @Channel("scan-requests") MutinyEmitter<byte[]> requests) {
        this.runs = runs;
        this.claims = claims;
        this.tenants = tenants;
        this.tokens = tokens;
        this.requests = requests;
    }

    @Scheduled(every = "${clouddiagnoze.relay.interval:1s}", delayed = "1s")
    public Uni<Void> publishPending() {
        return Uni.createFrom().deferred(() -> publishing.compareAndSet(false, true)
                ? Uni.createFrom().deferred(this::round).eventually(() -> publishing.set(false))
                : Uni.createFrom().voidItem());
    }

    /** Sends the requests of scans just started at once, rather than at the next tick. */
    void onStarted(@Observes ScansStarted started) {
        publishPending().subscribe().with(done -> { }, failure -> LOG.warn("scan requests will go out with the next relay round", failure));
    }

    private Uni<Void> round() {
        return claims.claimAndPublish(Outbox.REQUESTS, 100, pending -> {
                    List<Long> tenantIds = pending.stream().map(ScanRun::tenantId).distinct().toList();
                    return tenants.withRoles(tenantIds).flatMap(roles -> publish(pending,
                            roles.stream().collect(Collectors.toMap(TenantRole::tenantId, Function.identity()))));
                })
                .onFailure().invoke(failure -> LOG.warnf("scan requests not published yet, will retry: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> publish(List<ScanRun> pending, Map<Long, TenantRole> roles) {
        List<Uni<Void>> steps = new ArrayList<>();
        for (ScanRun run : pending) {
            long id = run.id();
            TenantRole role = roles.get(run.tenantId());
            if (role == null) {
                steps.add(runs.fail(id, "the tenant has no AWS role any more; set one with PUT /auth/me/aws-role"));
                continue;
            }
            ServiceType service = run.service();
            ScanRequested request = new ScanRequested(id, role.tenantId(), service, role.roleArn(), role.externalId(),
                    run.requestedRegions(), Instant.now());
            Map<String, String> scanTokens = Map.of(
                    EventHeaders.REQUEST_TOKEN, tokens.signRequest(role.tenantId(), id, service, role.roleArn(), role.externalId()),
                    EventHeaders.TENANT_TOKEN, tokens.signEvents(role.tenantId(), id, service));
            steps.add(requests.sendMessage(EventMessages.to(Topics.scanRequests(service), request,
                            String.valueOf(role.tenantId()), scanTokens, EventSource.SCAN_ORCHESTRATOR))
                    .flatMap(sent -> runs.published(Outbox.REQUESTS, id))
                    .invoke(() -> LOG.infof("scan run %d of tenant %d: %s scan requested", id, role.tenantId(), service.id()))
                    .replaceWithVoid());
        }
        return Uni.join().all(steps).andFailFast().replaceWithVoid();
    }
}
