package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.repository.FindingQueries;
import io.clouddiagnoze.orchestrator.repository.FindingQueries.FailingResource;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository.LatestScan;
import io.clouddiagnoze.orchestrator.resources.CisAwsFoundations;
import io.clouddiagnoze.orchestrator.resources.CisAwsFoundations.Control;
import io.clouddiagnoze.orchestrator.resources.FindingCheck;
import io.clouddiagnoze.service.limits.LongReads;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's standing against CIS AWS Foundations Benchmark v3.0.0, from its findings and its latest successful scans.
 * A control that a check answers is evaluated over the resources of the check's service in the latest successful scan:
 * each resource with an open finding of one of its checks fails it, one whose findings are all muted is muted, the
 * others pass. The control fails if any resource does, is muted if only muted ones remain, and passes otherwise; it is
 * not evaluated when no check answers it, its service has never been scanned successfully, or the latest successful scan
 * did not record one of its checks (it closed before findings were kept, or before the check existed). The score is the share of
 * evaluated controls that pass: a muted control is an accepted risk, not a pass.
 */
@ApplicationScoped
public class ComplianceService {
    /** How many failing resources a control lists at most. */
    static final int FAILING_LISTED = 100;
    /** Every check that answers a control of the benchmark. */
    private static final List<String> CHECKS = CisAwsFoundations.checks(null).stream().map(FindingCheck::id).toList();

    private final FindingQueries findings;
    private final ScanRunRepository runs;
    private final LongReads longReads;

    ComplianceService(FindingQueries findings, ScanRunRepository runs, LongReads longReads) {
        this.findings = findings;
        this.runs = runs;
        this.longReads = longReads;
    }

    /** The report, from the latest successful scan of each service and one read of the tenant's unresolved findings. */
    public Uni<Report> cisAwsFoundations(long tenantId) {
        return longReads.run(tenantId, () -> Uni.combine().all().unis(latestScans(tenantId), findings.unresolvedByResource(tenantId, CHECKS))
                .asTuple().map(both -> report(CisAwsFoundations.CONTROLS.stream()
                        .map(control -> evaluate(control, both.getItem1(), both.getItem2())).toList())));
    }

    /** The latest successful scan of each service, by service; a service never scanned successfully is absent. */
    private Uni<Map<ServiceType, LatestScan>> latestScans(long tenantId) {
        return Multi.createFrom().items(ServiceType.values())
                .onItem().transformToUniAndMerge(service -> runs.latestSuccessful(tenantId, service)
                        .map(latest -> Map.entry(service, Optional.ofNullable(latest))))
                .filter(entry -> entry.getValue().isPresent())
                .collect().asMap(Map.Entry::getKey, entry -> entry.getValue().get());
    }

    private static ControlResult evaluate(Control control, Map<ServiceType, LatestScan> latest, List<FailingResource> unresolved) {
        List<FindingCheck> checks = control.checks();
        List<String> checkIds = checks.stream().map(FindingCheck::id).toList();
        if (checks.isEmpty()) {
            return ControlResult.notEvaluated(control, checkIds, "no check of CloudDiagnoze answers it");
        }
        List<ServiceType> services = checks.stream().map(FindingCheck::service).distinct().toList();
        List<ServiceType> unscanned = services.stream().filter(service -> !latest.containsKey(service)).toList();
        if (!unscanned.isEmpty()) {
            return ControlResult.notEvaluated(control, checkIds, "no successful scan of "
                    + String.join(", ", unscanned.stream().map(ServiceType::id).toList()) + " yet");
        }
        List<String> unrecorded = checks.stream().filter(check -> !recorded(latest.get(check.service()), check)).map(FindingCheck::id).toList();
        if (!unrecorded.isEmpty()) {
            return ControlResult.notEvaluated(control, checkIds, "the latest successful scan did not record "
                    + String.join(", ", unrecorded) + ": scan again");
        }
        long resources = services.stream().mapToLong(service -> latest.get(service).totalResources()).sum();
        List<Failing> failing = unresolved.stream().filter(r -> checkIds.stream().anyMatch(r.openChecks()::contains))
                .map(r -> new Failing(r.service(), r.resourceId(), r.region(), checkIds.stream().filter(r.openChecks()::contains).toList()))
                .toList();
        long muted = unresolved.stream().filter(r -> checkIds.stream().noneMatch(r.openChecks()::contains)
                && checkIds.stream().anyMatch(r.mutedChecks()::contains)).count();
        String status = !failing.isEmpty() ? "fail" : muted > 0 ? "muted" : "pass";
        return new ControlResult(control.id(), control.title(), status, checkIds, Math.max(0, resources - failing.size() - muted),
                (long) failing.size(), muted, failing.subList(0, Math.min(failing.size(), FAILING_LISTED)), null);
    }

    /** Whether the run recorded the check's findings as it closed: not a run closed before findings were kept, or before the check existed. */
    private static boolean recorded(LatestScan run, FindingCheck check) {
        return run.findingsChecks() != null && run.findingsChecks().contains(check.id());
    }

    private static Report report(List<ControlResult> controls) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List.of("pass", "fail", "muted", "not_evaluated").forEach(status -> counts.put(status,
                controls.stream().filter(control -> control.status().equals(status)).count()));
        long evaluated = controls.size() - counts.get("not_evaluated");
        Integer score = evaluated == 0 ? null : (int) Math.round(100.0 * counts.get("pass") / evaluated);
        return new Report(CisAwsFoundations.FRAMEWORK, CisAwsFoundations.VERSION, score, counts, controls);
    }

    /** A resource failing a control, and which of its checks it fails. */
    public record Failing(ServiceType service, String resourceId, String region, List<String> checkIds) {
    }

    /** The benchmark's controls with their results, how many controls are in each status, and the score (null: none evaluated). */
    public record Report(String framework, String version, Integer score, Map<String, Long> counts, List<ControlResult> controls) {
    }

    /**
     * A control's result: {@code pass}, {@code fail}, {@code muted} or {@code not_evaluated} (then with the reason and no
     * counts), the checks that answer it, how many resources pass, fail and are muted, and the first failing ones.
     */
    public record ControlResult(String control, String title, String status, List<String> checks, Long passed, Long failed, Long muted,
                                List<Failing> failing, String reason) {
        static ControlResult notEvaluated(Control control, List<String> checks, String reason) {
            return new ControlResult(control.id(), control.title(), "not_evaluated", checks, null, null, null, List.of(), reason);
        }
    }
}
