package io.clouddiagnoze.metrics.rest;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.clouddiagnoze.metrics.store.SeriesRepository;
import io.clouddiagnoze.metrics.store.SeriesRepository.IdleResource;
import io.clouddiagnoze.metrics.store.SeriesRepository.StepValue;
import io.clouddiagnoze.service.limits.LongReads;
import io.clouddiagnoze.service.problem.ProblemException;
import io.clouddiagnoze.service.security.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** A resource's metrics as time series, and the tenant's idle resources. */
@Path("/api/metrics")
@RolesAllowed(TenantTokenClaims.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
    private final SeriesRepository series;
    private final CurrentTenant tenant;
    private final LongReads longReads;
    private final double idleCpuPercent;
    private final Duration rawWindow;

    MetricsResource(SeriesRepository series, CurrentTenant tenant, LongReads longReads,
                    @ConfigProperty(name = "clouddiagnoze.metrics.idle-cpu-percent") double idleCpuPercent,
                    @ConfigProperty(name = "clouddiagnoze.metrics.raw-window") Duration rawWindow) {
        this.series = series;
        this.tenant = tenant;
        this.longReads = longReads;
        this.idleCpuPercent = idleCpuPercent;
        this.rawWindow = rawWindow;
    }

    /**
     * One metric of one resource over every scan that saw it, e.g. {@code /api/metrics/ec2/i-0abc?metric=cpuUtilization}:
     * at most 500 steps, each with the average and maximum of its points. The metric may also be named as CloudWatch
     * names it ({@code CPUUtilization}); the answer names it as the API does. {@code region} is needed only where the
     * id exists in several regions. A range that starts before the raw points' window, or a step of an hour or more, is
     * answered in whole hours from the hourly rollups (the answer's {@code from}, {@code to} and step say so).
     */
    @GET
    @Path("/{service}/{naturalId}")
    public Uni<Series> series(@PathParam("service") @Parameter(schema = @Schema(implementation = ServiceType.class)) String service,
                              @PathParam("naturalId") String naturalId,
                              @QueryParam("metric") String metric, @QueryParam("region") String region,
                              @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("step") String step) {
        PerformanceTable table = table(service);
        PerformanceTable.Metric chosen = metric(table, metric);
        TimeRange range = TimeRange.of(from, to, step).forRawWindow(Instant.now().minus(rawWindow));
        long tenantId = tenant.id();
        if (region == null) {
            return series.regions(table, tenantId, naturalId).map(regions -> onlyRegion(table, naturalId, regions))
                    .flatMap(found -> series(table, chosen, tenantId, naturalId, found, range));
        }
        // A region named (as the console names it): one statement, and a second only where it found no point, to tell a
        // resource with none in the range from one the tenant does not have.
        return series(table, chosen, tenantId, naturalId, region, range).flatMap(answer -> answer.points().isEmpty()
                ? series.exists(table, tenantId, naturalId, region).map(exists -> {
                    if (!exists) {
                        throw notFound(table, naturalId + " in " + region);
                    }
                    return answer;
                })
                : Uni.createFrom().item(answer));
    }

    private Uni<Series> series(PerformanceTable table, PerformanceTable.Metric metric, long tenantId, String naturalId,
                               String region, TimeRange range) {
        return series.series(table, metric, tenantId, naturalId, region, range.from(), range.to(), range.stepSeconds())
                .map(steps -> new Series(table.service().id(), naturalId, region, metric.name(), range.from(), range.to(),
                        range.stepSeconds(), steps));
    }

    /**
     * Resources that look idle from {@code from} to {@code to} (default: the last 24 hours): EC2 instances whose
     * average CPU is under the threshold, RDS instances with no connection at all; at most
     * {@link SeriesRepository#IDLE_LISTED} of each, the idlest first. A long read of the tenant. A range that starts before
     * the raw points' window is widened to whole hours and read from the hourly rollups.
     */
    @GET
    @Path("/idle")
    public Uni<Idle> idle(@QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = TimeRange.of(from, to, null).forRawWindow(Instant.now().minus(rawWindow));
        long tenantId = tenant.id();
        return longReads.run(tenantId, () -> Uni.combine().all().unis(series.idleInstances(tenantId, range.from(), range.to(),
                        idleCpuPercent), series.idleDatabases(tenantId, range.from(), range.to()))
                .with((instances, databases) -> {
                    List<IdleResource> all = new ArrayList<>(instances);
                    all.addAll(databases);
                    return new Idle(range.from(), range.to(), idleCpuPercent, SeriesRepository.IDLE_LISTED, all);
                }));
    }

    private static PerformanceTable table(String service) {
        return PerformanceTable.of(ServiceType.fromId(service)
                .orElseThrow(() -> ProblemException.notFound("no service " + service + "; known: ec2, s3, vpc, rds")));
    }

    private static PerformanceTable.Metric metric(PerformanceTable table, String metric) {
        String known = table.metrics().stream().map(PerformanceTable.Metric::name).collect(Collectors.joining(", "));
        if (metric == null) {
            throw ProblemException.invalidField("metric", "metric is required; for " + table.service().id() + ": " + known);
        }
        return table.metric(metric).orElseThrow(() -> ProblemException.invalidField("metric",
                table.service().id() + " has no metric " + metric + "; known: " + known));
    }

    /** The one region of the resource's sightings; where it has several, the caller must name one. */
    private static String onlyRegion(PerformanceTable table, String naturalId, List<String> regions) {
        if (regions.isEmpty()) {
            throw notFound(table, naturalId);
        }
        if (regions.size() > 1) {
            throw ProblemException.invalidField("region", naturalId + " exists in " + String.join(", ", regions)
                    + "; name one with region=");
        }
        return regions.get(0);
    }

    private static ProblemException notFound(PerformanceTable table, String what) {
        return ProblemException.notFound("no " + table.service().id() + " resource " + what);
    }

    /** A metric's series. */
    public record Series(String service, String naturalId, String region, String metric, Instant from, Instant to,
                         long stepSeconds, List<StepValue> points) {
    }

    /** The idle hints of a range: at most {@code listed} of each kind. */
    public record Idle(Instant from, Instant to, double cpuThresholdPercent, int listed, List<IdleResource> resources) {
    }
}
