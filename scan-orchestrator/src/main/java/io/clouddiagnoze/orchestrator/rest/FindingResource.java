package io.clouddiagnoze.orchestrator.rest;

import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.orchestrator.repository.FindingRepository.Search;
import io.clouddiagnoze.orchestrator.resources.FindingCheck;
import io.clouddiagnoze.orchestrator.resources.FindingCheck.Severity;
import io.clouddiagnoze.orchestrator.service.FindingService;
import io.clouddiagnoze.orchestrator.service.FindingService.Changes;
import io.clouddiagnoze.orchestrator.service.FindingService.CheckSummary;
import io.clouddiagnoze.orchestrator.service.FindingService.Findings;
import io.clouddiagnoze.service.problem.ProblemException;
import io.clouddiagnoze.service.security.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The tenant's security findings, as its scans recorded them. */
@Path("/api/findings")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
public class FindingResource {
    private static final List<String> STATUSES = List.of("open", "resolved", "all");

    private final FindingService findings;
    private final CurrentTenant tenant;

    FindingResource(FindingService findings, CurrentTenant tenant) {
        this.findings = findings;
        this.tenant = tenant;
    }

    /** The open findings (or {@code status=resolved|all}), of a severity, service or check if asked, most severe first. */
    @GET
    public Uni<Findings> findings(
            @QueryParam("status") @Parameter(schema = @Schema(enumeration = {"open", "resolved", "all"})) String status,
            @QueryParam("severity") @Parameter(schema = @Schema(enumeration = {"critical", "high", "medium", "low"})) String severity,
            @QueryParam("service") @Parameter(schema = @Schema(enumeration = {"ec2", "s3", "vpc", "rds"})) String service,
            @QueryParam("checkId") String checkId) {
        String chosen = status == null ? "open" : status;
        if (!STATUSES.contains(chosen)) {
            throw ProblemException.invalidField("status", "must be open, resolved or all");
        }
        if (checkId != null && FindingCheck.byId(checkId).isEmpty()) {
            throw ProblemException.invalidField("checkId", "is not a check; GET /api/findings/summary lists them");
        }
        return findings.findings(tenant.id(), new Search(chosen.equals("all") ? null : chosen, severity(severity),
                service == null ? null : InventoryResource.service(service), checkId));
    }

    /** Every check, with how many of the tenant's resources fail it now. */
    @GET
    @Path("/summary")
    public Uni<List<CheckSummary>> summary() {
        return findings.summary(tenant.id());
    }

    /** What opened and what resolved at {@code since} or later. */
    @GET
    @Path("/changes")
    public Uni<Changes> changes(@QueryParam("since") @Parameter(required = true,
            schema = @Schema(type = SchemaType.STRING, format = "date-time")) String since) {
        if (since == null) {
            throw ProblemException.invalidField("since", "is required: an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
        try {
            return findings.changes(tenant.id(), Instant.parse(since));
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("since", "is not an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static Severity severity(String severity) {
        if (severity == null) {
            return null;
        }
        return Arrays.stream(Severity.values()).filter(s -> s.name().equals(severity.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> ProblemException.invalidField("severity", "must be critical, high, medium or low"));
    }
}
