package io.clouddiagnoze.orchestrator.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.messaging.ScanRequestRelay;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.repository.TenantRepository;
import io.clouddiagnoze.orchestrator.repository.TenantRepository.TenantRole;
import io.clouddiagnoze.service.persistence.Constraints;
import io.clouddiagnoze.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Starting, finding and deleting a tenant's scan runs. */
@ApplicationScoped
public class ScanService {
    private static final Logger LOG = Logger.getLogger(ScanService.class);
    private static final Predicate<Throwable> SCAN_IN_PROGRESS = Constraints.violated("uk_scan_runs_one_in_progress");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private final ScanRunRepository runs;
    private final TenantRepository tenants;
    private final ScanRequestRelay relay;
    private final ObjectMapper json;
    private final ScanMetrics metrics;

    ScanService(ScanRunRepository runs, TenantRepository tenants, ScanRequestRelay relay, ObjectMapper json, ScanMetrics metrics) {
        this.runs = runs;
        this.tenants = tenants;
        this.relay = relay;
        this.json = json;
        this.metrics = metrics;
    }

    /** Starts one scan run per service, all in progress; their requests go out once they are committed. */
    public Uni<List<ScanRun>> start(long tenantId, List<String> services, List<String> regions) {
        List<ServiceType> chosen = parseServices(services);
        String regionsJson = write(parseRegions(regions));
        return tenants.role(tenantId).flatMap(role -> {
            requireRole(role);
            return Panache.withTransaction(() -> insert(tenantId, chosen, regionsJson));
        }).onFailure(SCAN_IN_PROGRESS).transform(e ->
                ProblemException.conflict("a scan of one of these services is already in progress; wait until it finishes"))
                .invoke(metrics::started)
                .invoke(started -> relay.publishPending().subscribe().with(
                        done -> { }, failure -> LOG.warn("scan requests will go out with the next relay round", failure)));
    }

    /** Starts a scan of every service for each tenant with a role, skipping services already being scanned. */
    public Uni<List<ScanRun>> startScheduled(List<Long> tenantIds) {
        // One transaction per tenant and service, one after the other: a scan in progress is skipped alone.
        return tenants.withRoles(tenantIds == null ? List.of() : tenantIds)
                .onItem().transformToMulti(roles -> Multi.createFrom().iterable(roles))
                .onItem().transformToMultiAndConcatenate(role -> Multi.createFrom().items(ServiceType.values())
                        .onItem().transformToUniAndConcatenate(service -> Panache.withTransaction(
                                        () -> insert(role.tenantId(), List.of(service), "[]"))
                                .onFailure(SCAN_IN_PROGRESS).recoverWithItem(List.of())))
                .collect().asList().map(lists -> lists.stream().flatMap(List::stream).toList())
                .invoke(metrics::started)
                .invoke(started -> relay.publishPending().subscribe().with(done -> { }, failure -> { }));
    }

    @WithSession
    public Uni<ScanRun> get(long tenantId, long id) {
        return runs.findOwned(tenantId, id).onItem().ifNull().failWith(() -> ProblemException.notFound("no scan run " + id));
    }

    /** Deletes a finished scan run with its resources and their metrics. */
    public Uni<Void> delete(long tenantId, long id) {
        return Panache.withTransaction(() -> runs.findOwned(tenantId, id).flatMap(run -> {
            if (run == null) {
                return Uni.createFrom().failure(ProblemException.notFound("no scan run " + id));
            }
            if (run.status == ScanRun.Status.in_progress) {
                return Uni.createFrom().failure(ProblemException.conflict("scan run " + id + " is in progress; delete it once it has finished"));
            }
            return runs.delete(run);
        }));
    }

    private Uni<List<ScanRun>> insert(long tenantId, List<ServiceType> services, String regionsJson) {
        List<ScanRun> created = new ArrayList<>();
        Instant now = Instant.now();
        for (ServiceType service : services) {
            ScanRun run = new ScanRun();
            run.tenantId = tenantId;
            run.service = service.id();
            run.scanTimestamp = now;
            run.status = ScanRun.Status.in_progress;
            run.requestedRegions = regionsJson;
            created.add(run);
        }
        return runs.persist(created.stream()).call(() -> runs.flush()).replaceWith(created);
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

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
