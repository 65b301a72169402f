package io.clouddiagnoze.orchestrator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.rest.ScanApi.PageView;
import io.clouddiagnoze.orchestrator.rest.ScanApi.ScanRunView;
import io.clouddiagnoze.orchestrator.rest.ScanApi.StartScanRequest;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository.Page;
import io.clouddiagnoze.orchestrator.service.ResourceChanges;
import io.clouddiagnoze.orchestrator.service.DiffService;
import io.clouddiagnoze.orchestrator.service.ExportService;
import io.clouddiagnoze.orchestrator.service.InventoryService;
import io.clouddiagnoze.orchestrator.service.RunArchive;
import io.clouddiagnoze.orchestrator.service.ScanService;
import io.vertx.mutiny.core.buffer.Buffer;
import org.jboss.resteasy.reactive.RestMulti;
import io.clouddiagnoze.service.problem.ProblemException;
import io.clouddiagnoze.service.security.CurrentTenant;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import java.util.Map;

/** A tenant's scans: start them, list them, look at one, delete one, bring an archived one back. */
@Path("/api/scans")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
public class ScanResource {
    private final ScanService scans;
    private final InventoryService inventory;
    private final DiffService diffs;
    private final ExportService exports;
    private final CurrentTenant tenant;
    private final ObjectMapper json;
    private final RunArchive runArchive;

    ScanResource(ScanService scans, InventoryService inventory, DiffService diffs, ExportService exports, CurrentTenant tenant,
                 ObjectMapper json, RunArchive runArchive) {
        this.scans = scans;
        this.inventory = inventory;
        this.diffs = diffs;
        this.exports = exports;
        this.tenant = tenant;
        this.json = json;
        this.runArchive = runArchive;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> start(@Valid StartScanRequest request) {
        StartScanRequest body = request == null ? new StartScanRequest(null, null) : request;
        return scans.start(tenant.id(), body.services(), body.regions())
                .map(started -> Response.accepted(started.stream().map(ScanRunView::of).toList()).build());
    }

    @GET
    public Uni<PageView<ScanRunView>> list(@QueryParam("service") String service, @QueryParam("status") String status,
                                           @QueryParam("from") String from, @QueryParam("to") String to,
                                           @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        ScanRunRepository.Search search = new ScanRunRepository.Search(service == null ? null : parseService(service),
                parseStatus(status), instant("from", from), instant("to", to));
        return scans.list(tenant.id(), search, paging.page(), paging.size()).map(listing -> new PageView<>(
                listing.items().stream().map(ScanRunView::of).toList(), paging.page(), paging.size(), listing.total()));
    }

    @GET
    @Path("/{id}")
    public Uni<ScanRunView> get(@PathParam("id") long id) {
        return scans.get(tenant.id(), id).map(ScanRunView::of);
    }

    @GET
    @Path("/{id}/resources")
    public Uni<Page> resources(@PathParam("id") long id, @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        return inventory.scanResources(tenant.id(), id, paging.page(), paging.size());
    }

    @GET
    @Path("/{id}/diff")
    public Uni<ResourceChanges.Diff> diff(@PathParam("id") long id) {
        return diffs.diff(tenant.id(), id);
    }

    /** The scan's resources as CSV or JSON, streamed from a database cursor. */
    @GET
    @Path("/{id}/export")
    @Produces(MediaType.APPLICATION_OCTET_STREAM) // the real type is set per format below
    public RestMulti<Buffer> export(@PathParam("id") long id, @QueryParam("format") String format) {
        ExportFormat chosen = ExportFormat.of(format);
        return RestMulti.fromUniResponse(exports.export(tenant.id(), id),
                export -> chosen.write(export.table(), export.resources(), json),
                export -> Map.of("Content-Type", List.of(chosen.mediaType()),
                        "Content-Disposition", List.of("attachment; filename=\"" + chosen.fileName(id, export.run().service().id()) + "\"")));
    }

    /** Brings an archived run back, with its resources and their metrics as they were; it stays online for a while. */
    @POST
    @Path("/{id}/restore")
    @Blocking
    public ScanRunView restore(@PathParam("id") long id) {
        runArchive.restore(tenant.id(), id);
        return ScanRunView.of(scans.get(tenant.id(), id).await().atMost(Duration.ofMinutes(1)));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") long id) {
        return scans.delete(tenant.id(), id).map(done -> Response.noContent().build());
    }

    static ServiceType parseService(String service) {
        return ServiceType.fromId(service).orElseThrow(() ->
                ProblemException.invalidField("service", "unknown service '" + service + "'; known: ec2, s3, vpc, rds"));
    }

    private static ScanRun.Status parseStatus(String status) {
        if (status == null) {
            return null;
        }
        return ScanRun.Status.fromId(status).orElseThrow(() -> ProblemException.invalidField("status", "must be one of "
                + Arrays.stream(ScanRun.Status.values()).map(ScanRun.Status::id).toList()));
    }

    private static Instant instant(String field, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
        }
    }
}
