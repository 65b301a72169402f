package io.clouddiagnoze.orchestrator.repository;

import static io.clouddiagnoze.orchestrator.repository.FindingRows.COLUMNS;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.instant;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.utc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.FindingChanged.Change;
import io.clouddiagnoze.orchestrator.model.StoredFinding;
import io.clouddiagnoze.orchestrator.repository.ResourceRepository.SeenIn;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every statement on {@code finding_changes}, the outbox of findings-changed events: a change is added in the
 * transaction that makes it (as the findings it selects), claimed by a relay round ({@link EventOutbox}) with the
 * findings as they are then, and deleted once the broker has it.
 */
@ApplicationScoped
public class FindingChangeRepository implements RelayedEvents<FindingChangeRepository.Claimed> {
    /** A round sends at most a thousand small events, well within this even when the broker is slow to take them. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final Pool pool;
    private final EventOutbox outbox;
    private final FindingRows rows;
    private final ResourceRepository resources;

    FindingChangeRepository(Pool pool, ObjectMapper json, ResourceRepository resources) {
        this.pool = pool;
        this.resources = resources;
        this.outbox = new EventOutbox(pool, "finding_changes", LEASE);
        this.rows = new FindingRows(json);
    }

    /** Adds {@code change} at {@code at} for each finding that {@code where} (SQL over findings, with {@code params}) selects. */
    Uni<Void> add(SqlClient tx, Change change, Instant at, String where, List<Object> params) {
        List<Object> values = new ArrayList<>(List.of(change.name().toLowerCase(Locale.ROOT), utc(at)));
        values.addAll(params);
        return tx.preparedQuery("INSERT INTO finding_changes (finding_id, client_id, change_type, changed_at)"
                        + " SELECT id, client_id, ?, ? FROM findings WHERE " + where)
                .execute(Tuple.from(values)).replaceWithVoid();
    }

    /**
     * The oldest changes no live claim holds, each with its finding as it is now (null: gone with its tenant) and the tags
     * of its resource as the scan that last saw it found them.
     */
    @Override
    public Uni<List<Claimed>> claim(String claim, int limit) {
        return outbox.claim(claim, limit, "finding_id, change_type, changed_at", row -> new Claimed(row.getLong("id"),
                        row.getLong("finding_id"), Change.valueOf(row.getString("change_type").toUpperCase(Locale.ROOT)),
                        instant(row.getLocalDateTime("changed_at")), null, Map.of()))
                .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(claimed) : findings(claimed)
                        .flatMap(byId -> tags(byId.values()).map(tags -> claimed.stream().map(change -> {
                            StoredFinding finding = byId.get(change.findingId());
                            return change.with(finding, finding == null ? Map.of() : tags.getOrDefault(lastSeen(finding), Map.of()));
                        }).toList())));
    }

    private Uni<Map<Long, StoredFinding>> findings(List<Claimed> claimed) {
        List<Long> ids = claimed.stream().map(Claimed::findingId).distinct().toList();
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM findings WHERE id IN (" + Rows.marks(ids.size())
                        + ")").execute(Tuple.from(ids))
                .map(found -> rows.findings(found).stream().collect(Collectors.toMap(StoredFinding::id, Function.identity())));
    }

    /** The tags of the findings' resources where they were last seen: a statement per service among them. */
    private Uni<Map<SeenIn, Map<String, String>>> tags(Collection<StoredFinding> findings) {
        Map<ServiceType, List<SeenIn>> byService = findings.stream().collect(Collectors.groupingBy(StoredFinding::service,
                Collectors.mapping(FindingChangeRepository::lastSeen, Collectors.collectingAndThen(Collectors.toSet(), List::copyOf))));
        if (byService.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(byService.entrySet().stream()
                        .map(service -> resources.tags(ResourceTables.of(service.getKey()), service.getValue())).toList())
                .andFailFast()
                .map(found -> {
                    Map<SeenIn, Map<String, String>> tags = new HashMap<>();
                    found.forEach(tags::putAll);
                    return tags;
                });
    }

    private static SeenIn lastSeen(StoredFinding finding) {
        return new SeenIn(finding.lastSeenScanRunId(), finding.tenantId(), finding.resourceId(), finding.region());
    }

    @Override
    public Uni<Void> published(List<Long> ids) {
        return outbox.published(ids);
    }

    @Override
    public Uni<Void> release(String claim) {
        return outbox.release(claim);
    }

    /** A change a round has claimed, by its outbox row, with its finding as it is now and its resource's tags. */
    public record Claimed(long id, long findingId, Change change, Instant changedAt, StoredFinding finding,
                          Map<String, String> resourceTags) {
        Claimed with(StoredFinding now, Map<String, String> tags) {
            return new Claimed(id, findingId, change, changedAt, now, tags);
        }
    }
}
