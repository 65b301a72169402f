package io.clouddiagnoze.orchestrator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.orchestrator.service.ComplianceService;
import io.clouddiagnoze.orchestrator.service.ComplianceService.ControlResult;
import io.clouddiagnoze.orchestrator.service.ComplianceService.Report;
import io.clouddiagnoze.service.problem.ProblemException;
import io.clouddiagnoze.service.security.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The tenant's standing against compliance frameworks, from its findings. */
@Path("/api/compliance")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
public class ComplianceResource {
    private static final String CSV = "text/csv; charset=UTF-8";

    private final ComplianceService compliance;
    private final CurrentTenant tenant;
    private final ObjectMapper json;

    ComplianceResource(ComplianceService compliance, CurrentTenant tenant, ObjectMapper json) {
        this.compliance = compliance;
        this.tenant = tenant;
        this.json = json;
    }

    /**
     * Every control of CIS AWS Foundations Benchmark v3.0.0: pass, fail, muted or not evaluated, with counts of resources
     * and the failing ones, and the score; {@code format=csv} gives one line per control as an attachment.
     */
    @GET
    @Path("/cis-aws-foundations")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Uni<Response> cisAwsFoundations(@QueryParam("format") @Parameter(schema = @Schema(enumeration = {"json", "csv"})) String format) {
        boolean csv = switch (format == null ? "json" : format) {
            case "json" -> false;
            case "csv" -> true;
            default -> throw ProblemException.invalidField("format", "must be json or csv");
        };
        return compliance.cisAwsFoundations(tenant.id()).map(report -> csv
                ? Response.ok(csv(report), CSV).header("Content-Disposition", "attachment; filename=\"cis-aws-foundations-"
                        + report.version() + ".csv\"").build()
                : Response.ok(report, MediaType.APPLICATION_JSON).build());
    }

    private String csv(Report report) {
        StringBuilder text = new StringBuilder(ExportFormat.csvLine(Arrays.<Object>asList("control", "title", "status", "passed", "failed",
                "muted", "failing_resources", "reason"), json));
        report.controls().forEach(control -> text.append(ExportFormat.csvLine(Arrays.<Object>asList(control.control(), control.title(),
                control.status(), control.passed(), control.failed(), control.muted(), failing(control), control.reason()), json)));
        return text.toString();
    }

    /** The failing resources listed, as region/resource (the checks it fails), separated by semicolons. */
    private static String failing(ControlResult control) {
        return control.failing().stream().map(f -> f.region() + "/" + f.resourceId() + " (" + String.join(" ", f.checkIds()) + ")")
                .collect(Collectors.joining("; "));
    }
}
