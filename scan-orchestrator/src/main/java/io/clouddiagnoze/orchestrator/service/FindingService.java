package io.clouddiagnoze.orchestrator.service;

import io.clouddiagnoze.contracts.events.Finding;
import io.clouddiagnoze.orchestrator.model.MuteEvent;
import io.clouddiagnoze.orchestrator.model.StoredFinding;
import io.clouddiagnoze.orchestrator.repository.FindingQueries;
import io.clouddiagnoze.orchestrator.repository.FindingQueries.Search;
import io.clouddiagnoze.orchestrator.repository.FindingRepository;
import io.clouddiagnoze.orchestrator.resources.FindingCheck;
import io.clouddiagnoze.orchestrator.resources.FindingCheck.Severity;
import io.clouddiagnoze.service.limits.LongReads;
import io.clouddiagnoze.service.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A tenant's security findings as scans recorded them (open, muted, resolved), read from the findings table: the open
 * ones counted per severity, a page of a selection most severe first, the counts per check, what opened and resolved
 * since a time; and mutes, which end by themselves.
 */
@ApplicationScoped
public class FindingService {
    private static final Logger LOG = Logger.getLogger(FindingService.class);
    /** How many findings of each kind {@link #changes} lists at most. */
    static final int LISTED = 1000;

    private final FindingRepository findings;
    private final FindingQueries queries;
    private final LongReads longReads;

    FindingService(FindingRepository findings, FindingQueries queries, LongReads longReads) {
        this.findings = findings;
        this.queries = queries;
        this.longReads = longReads;
    }

    public Uni<Findings> findings(long tenantId, Search search, int page, int size) {
        return longReads.run(tenantId, () -> {
            // The default listing, the open findings, is counted by the open counts it answers anyway: no third statement.
            Uni<Map<Severity, Long>> open = queries.openBySeverity(tenantId).memoize().indefinitely();
            Uni<Long> total = search.countedByOpen() ? open.map(search::amongOpen) : queries.count(tenantId, search);
            return Uni.combine().all().unis(open, queries.page(tenantId, search, page, size), total).asTuple()
                    .map(all -> new Findings(all.getItem1(), all.getItem2().stream().map(FindingService::view).toList(), page, size,
                            all.getItem3()));
        });
    }

    /** Every check with the number of the tenant's findings of it in each status, most severe first. */
    public Uni<List<CheckSummary>> summary(long tenantId) {
        return queries.countsByCheck(tenantId).map(counts -> FindingCheck.ALL.stream()
                .sorted((a, b) -> a.severity().compareTo(b.severity()))
                .map(check -> {
                    Map<String, Long> of = counts.getOrDefault(check.id(), Map.of());
                    return new CheckSummary(check.id(), check.title(), check.severity(), check.service().id(), check.remediation(),
                            of.getOrDefault("open", 0L), of.getOrDefault("muted", 0L), of.getOrDefault("resolved", 0L), check.compliance());
                })
                .toList());
    }

    public Uni<Changes> changes(long tenantId, Instant since) {
        return queries.changes(tenantId, since, LISTED).map(changes -> new Changes(since,
                changes.opened().stream().map(FindingService::view).toList(), changes.openedTotal(),
                changes.resolved().stream().map(FindingService::view).toList(), changes.resolvedTotal()));
    }

    /** Mutes the tenant's open (or muted) finding for {@code actor} with a reason, until a time; the finding as it is now. */
    public Uni<Finding> mute(long tenantId, long id, long actor, String reason, Instant until) {
        return findings.mute(tenantId, id, actor, reason, until).flatMap(before -> {
            if (before == null) {
                throw ProblemException.notFound("no finding " + id);
            }
            if (before.status().equals("resolved")) {
                throw ProblemException.conflict("finding " + id + " is resolved: there is nothing to mute");
            }
            return findings.find(tenantId, id).map(FindingService::view);
        });
    }

    /** Opens the tenant's muted finding again. */
    public Uni<Void> unmute(long tenantId, long id, long actor) {
        return findings.unmute(tenantId, id, actor).invoke(before -> {
            if (before == null) {
                throw ProblemException.notFound("no finding " + id);
            }
            if (!before.status().equals("muted")) {
                throw ProblemException.conflict("finding " + id + " is not muted");
            }
        }).replaceWithVoid();
    }

    /** Who muted and opened the tenant's finding, when and why. */
    public Uni<List<MuteEvent>> mutes(long tenantId, long id) {
        return findings.find(tenantId, id).flatMap(found -> {
            if (found == null) {
                throw ProblemException.notFound("no finding " + id);
            }
            return findings.mutes(tenantId, id);
        });
    }

    /** Opens the findings whose mute has ended. */
    @Scheduled(every = "${clouddiagnoze.findings.mute-check:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireMutes() {
        return findings.expireMutes(Instant.now())
                .invoke(opened -> {
                    if (opened > 0) {
                        LOG.infof("%d muted findings opened again: their mutes ended", opened);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("mutes that ended stay muted until the next check: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * The finding as the API and the findings-changed events show it: the stored row with its check's title, remediation
     * and controls. A check this build does not know (removed, or added by a newer instance in a rolling deploy) shows its
     * findings under its id, never failing the answer or the relay.
     */
    public static Finding view(StoredFinding stored) {
        Optional<FindingCheck> check = FindingCheck.byId(stored.checkId());
        return new Finding(stored.id(), stored.checkId(), check.map(FindingCheck::title).orElse(stored.checkId()), stored.severity().name(),
                stored.service(), stored.resourceId(), stored.region(), stored.status(), stored.firstSeenAt(), stored.firstSeenScanRunId(),
                stored.lastSeenAt(), stored.lastSeenScanRunId(), stored.resolvedAt(), stored.resolvedScanRunId(),
                check.map(FindingCheck::remediation).orElse(""), check.map(FindingCheck::compliance).orElse(List.of()), stored.evidence(),
                stored.mute());
    }

    /** How many findings are open per severity, and one page of those selected, most severe first, of {@code total}. */
    public record Findings(Map<Severity, Long> countBySeverity, List<Finding> findings, int page, int size, long total) {
    }

    /** A check, what to do about it, the controls it answers, and how many of the tenant's findings of it are open, muted and resolved. */
    public record CheckSummary(String checkId, String title, Severity severity, String service, String remediation, long open, long muted,
                               long resolved, List<Finding.Control> compliance) {
    }

    /** What opened and what resolved at {@code since} or later: the first {@link #LISTED} of each, oldest first, and how many. */
    public record Changes(Instant since, List<Finding> opened, long openedTotal, List<Finding> resolved, long resolvedTotal) {
    }
}
