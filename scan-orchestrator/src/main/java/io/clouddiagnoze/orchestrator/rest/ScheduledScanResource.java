package io.clouddiagnoze.orchestrator.rest;

import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.orchestrator.rest.ScanApi.ScanRunView;
import io.clouddiagnoze.orchestrator.rest.ScanApi.ScheduledScanRequest;
import io.clouddiagnoze.orchestrator.service.ScanService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Scheduled scans, triggered by the Kubernetes CronJob with the scheduler's service token. */
@Path("/api/scheduled-scans")
@RolesAllowed(TenantTokenClaims.GROUP_SCHEDULER)
@Produces(MediaType.APPLICATION_JSON)
public class ScheduledScanResource {
    private final ScanService scans;

    ScheduledScanResource(ScanService scans) {
        this.scans = scans;
    }

    /** Starts a scan of every service for every tenant with a role (or those listed), skipping scans in progress. */
    @POST
    @Path("/run")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> run(@Valid ScheduledScanRequest request) {
        List<Long> tenants = request == null || request.tenantIds() == null ? List.of() : request.tenantIds();
        return scans.startScheduled(tenants).map(started -> Response.accepted(started.stream().map(ScanRunView::of).toList()).build());
    }
}
