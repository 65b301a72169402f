package io.clouddiagnoze.orchestrator.rest;

import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.contracts.events.Finding;
import io.clouddiagnoze.orchestrator.model.MuteEvent;
import io.clouddiagnoze.orchestrator.repository.FindingQueries.Search;
import io.clouddiagnoze.orchestrator.resources.CisAwsFoundations;
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
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
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
    private static final List<String> STATUSES = List.of("open", "muted", "resolved", "all");
    /** A mute lasts at most this long. */
    private static final Duration LONGEST_MUTE = Duration.ofDays(366);
    /** The last instant the database's DATETIME holds. */
    private static final Instant LATEST_SINCE = Instant.parse("9999-12-31T23:59:59Z");

    private final FindingService findings;
    private final CurrentTenant tenant;

    FindingResource(FindingService findings, CurrentTenant tenant) {
        this.findings = findings;
        this.tenant = tenant;
    }

    /**
     * A page of the open findings (or {@code status=muted|resolved|all}), of a severity, service, check, resource (its
     * natural id) or compliance control if asked, most severe first.
     */
    @GET
    public Uni<Findings> findings(
            @QueryParam("status") @Parameter(schema = @Schema(enumeration = {"open", "muted", "resolved", "all"})) String status,
            @QueryParam("severity") @Parameter(schema = @Schema(enumeration = {"critical", "high", "medium", "low"})) String severity,
            @QueryParam("service") @Parameter(schema = @Schema(enumeration = {"ec2", "s3", "vpc", "rds"})) String service,
            @QueryParam("checkId") String checkId, @QueryParam("resourceId") String resourceId,
            @QueryParam("compliance") @Parameter(description = "a framework, or a framework and control: cis-aws-foundations:2.1.4")
            String compliance, @QueryParam("page") String page, @QueryParam("size") String size) {
        String chosen = status == null ? "open" : status;
        if (!STATUSES.contains(chosen)) {
            throw ProblemException.invalidField("status", "must be open, muted, resolved or all");
        }
        if (checkId != null && FindingCheck.byId(checkId).isEmpty()) {
            throw ProblemException.invalidField("checkId", "is not a check; GET /api/findings/summary lists them");
        }
        Paging paging = Paging.of(page, size);
        return findings.findings(tenant.id(), new Search(chosen.equals("all") ? null : chosen, severity(severity),
                service == null ? null : ScanResource.parseService(service), checks(checkId, compliance), resourceId),
                paging.page(), paging.size());
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
        Instant from;
        try {
            from = Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("since", "is not an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
        if (from.isBefore(Instant.EPOCH) || from.isAfter(LATEST_SINCE)) {
            throw ProblemException.invalidField("since", "must be between 1970 and 9999");
        }
        return findings.changes(tenant.id(), from);
    }

    /** Mutes an open finding with a reason, until a time at most a year ahead; a scan finding other evidence opens it again. */
    @PUT
    @Path("/{id}/mute")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Finding> mute(@PathParam("id") long id, @Valid @NotNull MuteRequest request) {
        Instant now = Instant.now();
        if (request.until() == null || !request.until().isAfter(now) || request.until().isAfter(now.plus(LONGEST_MUTE))) {
            throw ProblemException.invalidField("until", "must be a time after now and at most a year ahead");
        }
        return findings.mute(tenant.id(), id, tenant.id(), request.reason().strip(), request.until());
    }

    @DELETE
    @Path("/{id}/mute")
    public Uni<Response> unmute(@PathParam("id") long id) {
        return findings.unmute(tenant.id(), id, tenant.id()).map(done -> Response.noContent().build());
    }

    /** Who muted and opened the finding, when and why. */
    @GET
    @Path("/{id}/mutes")
    public Uni<List<MuteEvent>> mutes(@PathParam("id") long id) {
        return findings.mutes(tenant.id(), id);
    }

    /** Why, and until when. */
    public record MuteRequest(@NotBlank @Size(max = 500) String reason, Instant until) {
    }

    /** The checks a listing names: {@code checkId}, the checks answering {@code compliance}, both, or null for any. */
    private static List<String> checks(String checkId, String compliance) {
        if (compliance == null) {
            return checkId == null ? null : List.of(checkId);
        }
        String[] parts = compliance.split(":", 2);
        String control = parts.length == 2 ? parts[1] : null;
        if (!parts[0].equals(CisAwsFoundations.FRAMEWORK) || control != null && !CisAwsFoundations.has(control)) {
            throw ProblemException.invalidField("compliance", "must be " + CisAwsFoundations.FRAMEWORK + ", or "
                    + CisAwsFoundations.FRAMEWORK + ":<control> with a control of v" + CisAwsFoundations.VERSION + " such as 2.1.4");
        }
        return CisAwsFoundations.checks(control).stream().map(FindingCheck::id).filter(id -> checkId == null || id.equals(checkId)).toList();
    }

    private static Severity severity(String severity) {
        if (severity == null) {
            return null;
        }
        return Arrays.stream(Severity.values()).filter(s -> s.name().equals(severity.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> ProblemException.invalidField("severity", "must be critical, high, medium or low"));
    }
}
