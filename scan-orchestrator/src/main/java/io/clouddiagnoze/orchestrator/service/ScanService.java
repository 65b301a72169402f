package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.repository.TenantRepository;
import io.clouddiagnoze.orchestrator.repository.TenantRepository.TenantRole;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Starting, finding and deleting a tenant's scan runs, online or archived. */
@ApplicationScoped
public class ScanService {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private final ScanRunRepository runs;
    private final TenantRepository tenants;
    private final Event<ScansStarted> started;
    private final ScanMetrics metrics;
    private final RunArchive runArchive;

    ScanService(ScanRunRepository runs, TenantRepository tenants, Event<ScansStarted> started, ScanMetrics metrics,
                RunArchive runArchive) {
        this.runs = runs;
        this.runArchive = runArchive;
        this.tenants = tenants;
        this.started = started;
        this.metrics = metrics;
    }

    /** Starts one scan run per service, all in progress; their requests go out once they are committed. */
    public Uni<List<ScanRun>> start(long tenantId, List<String> services, List<String> regions) {
        List<ServiceType> chosen = parseServices(services);
        List<String> chosenRegions = parseRegions(regions);
        return tenants.role(tenantId).flatMap(role -> {
            requireRole(role);
            return runs.start(tenantId, chosen, chosenRegions);
        }).onFailure(ScanRunRepository.ONE_IN_PROGRESS).transform(e ->
                ProblemException.conflict("a scan of one of these services is already in progress; wait until it finishes"))
                .invoke(this::started);
    }

    /** Starts a scan of every service for each tenant with a role, skipping services already being scanned. */
    public Uni<List<ScanRun>> startScheduled(List<Long> tenantIds) {
        // One transaction per tenant and service, one after the other: a scan in progress is skipped alone.
        return tenants.withRoles(tenantIds == null ? List.of() : tenantIds)
                .onItem().transformToMulti(roles -> Multi.createFrom().iterable(roles))
                .onItem().transformToMultiAndConcatenate(role -> Multi.createFrom().items(ServiceType.values())
                        .onItem().transformToUniAndConcatenate(service -> runs.start(role.tenantId(), List.of(service), List.of())
                                .onFailure(ScanRunRepository.ONE_IN_PROGRESS).recoverWithItem(List.of())))
                .collect().asList().map(lists -> lists.stream().flatMap(List::stream).toList())
                .invoke(this::started);
    }

    /** The tenant's run, online or archived; 404 when it has none of that id. */
    public Uni<ScanRun> get(long tenantId, long id) {
        return runs.find(tenantId, id).onItem().ifNull().failWith(() -> ProblemException.notFound("no scan run " + id));
    }

    /** The tenant's run, whose rows are online to read; 409 when it is archived. */
    public Uni<ScanRun> online(long tenantId, long id) {
        return get(tenantId, id).invoke(run -> {
            if (run.archivedAt() != null) {
                throw ProblemException.conflict("scan run " + id + " is archived; bring it back with POST /api/scans/" + id + "/restore");
            }
        });
    }

    /** A page of the tenant's scan runs that {@code search} selects, newest first. */
    public Uni<ScanRunRepository.Listing> list(long tenantId, ScanRunRepository.Search search, int page, int size) {
        return runs.list(tenantId, search, page, size);
    }

    /** Deletes a finished scan run with its resources and their metrics, and its archive if it has one. */
    public Uni<Void> delete(long tenantId, long id) {
        return runs.deleteFinished(tenantId, id).flatMap(run -> {
            if (run != null && run.status() == ScanRun.Status.IN_PROGRESS) {
                throw ProblemException.conflict("scan run " + id + " is in progress; delete it once it has finished");
            }
            return Uni.createFrom().item(() -> runArchive.discard(tenantId, id)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(discarded -> {
                        if (run == null && !discarded) {
                            throw ProblemException.notFound("no scan run " + id);
                        }
                        return null;
                    });
        });
    }

    private void started(List<ScanRun> runs) {
        metrics.started(runs);
        started.fire(new ScansStarted(runs));
    }

    private static void requireRole(TenantRole role) {
        if (role == null) {
            throw ProblemException.notFound("no such account");
        }
        if (role.roleArn() == null) {
            throw ProblemException.conflict("no AWS role yet: hand one over with PUT /auth/me/aws-role {\"roleArn\": \"arn:aws:iam::"
                    + "<account>:role/<name>\"} and attach the trust policy it answers with");
        }
    }

    private static List<ServiceType> parseServices(List<String> services) {
        if (services == null) {
            return Arrays.asList(ServiceType.values());
        }
        LinkedHashSet<ServiceType> chosen = new LinkedHashSet<>();
        for (String id : services) {
            chosen.add(ServiceType.fromId(id == null ? "" : id).orElseThrow(() ->
                    ProblemException.invalidField("services", "unknown service '" + id + "'; known: ec2, s3, vpc, rds")));
        }
        return List.copyOf(chosen);
    }

    private static List<String> parseRegions(List<String> regions) {
        if (regions == null) {
            return List.of();
        }
        for (String region : regions) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw ProblemException.invalidField("regions", "'" + region + "' is not a region name such as eu-west-1");
            }
        }
        return regions.stream().distinct().toList();
    }
}
