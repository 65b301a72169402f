package io.clouddiagnoze.orchestrator.repository;

import static io.clouddiagnoze.service.persistence.Rows.each;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.events.ResourcesStored.StoredResource;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.service.limits.LongReads;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resource rows, through the reactive MariaDB client: batches go in as one multi-row INSERT, and
 * every read names the tenant as well as the scan run. The reads that walk a whole scan or a resource's every
 * sighting are {@linkplain LongReads#bounded bounded in time}. The inventory's pages and the exports' streams go where
 * {@link ReadReplica} sends them.
 */
@ApplicationScoped
public class ResourceRepository {
    private final Pool pool;
    private final ReadReplica replica;
    private final LongReads longReads;
    private final ObjectMapper json;

    ResourceRepository(Pool pool, ReadReplica replica, LongReads longReads, ObjectMapper json) {
        this.pool = pool;
        this.replica = replica;
        this.longReads = longReads;
        this.json = json;
    }

    /**
     * Stores a batch in one statement. A resource already stored for the scan run (a redelivered batch)
     * hits the natural-id unique key and is left as it is; any other error fails the statement.
     */
    public Uni<Integer> insert(SqlClient client, ResourceTable<?> table, long scanRunId, long tenantId, Instant scanTimestamp,
                               List<DiscoveredResource> resources) {
        if (resources.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int width = table.columns().size() + 3;
        String sql = "INSERT INTO " + table.table() + " (scan_run_id, client_id, scan_timestamp, " + table.columnList()
                + ") VALUES " + Rows.values(resources.size(), width)
                + " ON DUPLICATE KEY UPDATE id = id";
        List<Object> params = new ArrayList<>(resources.size() * width);
        LocalDateTime timestamp = LocalDateTime.ofInstant(scanTimestamp, ZoneOffset.UTC);
        for (DiscoveredResource resource : resources) {
            params.add(scanRunId);
            params.add(tenantId);
            params.add(timestamp);
            params.addAll(table.bind(resource, json));
        }
        // ON DUPLICATE KEY UPDATE counts an unchanged duplicate as 0 affected rows, a new row as 1.
        return client.preparedQuery(sql).execute(Tuple.from(params)).map(RowSet::rowCount);
    }

    /** The rows of a stored batch's resources (by natural id and region), in the batch's order. */
    public Uni<List<StoredResource>> rows(SqlClient client, ResourceTable<?> table, long scanRunId, long tenantId,
                                          List<DiscoveredResource> resources) {
        List<Object> params = new ArrayList<>(List.of(scanRunId, tenantId));
        resources.forEach(resource -> params.add(resource.naturalId()));
        return client.preparedQuery("SELECT id, region, " + table.naturalIdColumn() + " FROM " + table.table()
                        + " WHERE scan_run_id = ? AND client_id = ? AND " + table.naturalIdColumn() + " IN ("
                        + Rows.marks(resources.size()) + ")")
                .execute(Tuple.from(params)).map(found -> {
                    Map<String, Long> ids = new HashMap<>();
                    found.forEach(row -> ids.put(row.getString("region") + "/" + row.getString(table.naturalIdColumn()), row.getLong("id")));
                    return resources.stream().map(r -> new StoredResource(ids.get(r.region() + "/" + r.naturalId()), r.region(),
                            r.naturalId())).toList();
                });
    }

    public Uni<Long> count(SqlClient client, ResourceTable<?> table, long scanRunId) {
        return client.preparedQuery("SELECT COUNT(*) FROM " + table.table() + " WHERE scan_run_id = ?")
                .execute(Tuple.of(scanRunId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of a scan's resources that meet {@code conditions} (SQL with {@code params}), and how many there are. */
    public Uni<Page> page(ResourceTable<?> table, long tenantId, long scanRunId, List<String> conditions, List<Object> params,
                          int page, int size) {
        String where = " WHERE client_id = ? AND scan_run_id = ?"
                + conditions.stream().map(c -> " AND " + c).reduce("", String::concat);
        List<Object> all = new ArrayList<>(List.of(tenantId, scanRunId));
        all.addAll(params);
        List<Object> paged = new ArrayList<>(all);
        paged.add(size);
        paged.add((long) page * size);
        // Both statements on the server ReadReplica picks once, so that the count and the page agree.
        return replica.pool().flatMap(reads -> {
            Uni<Long> total = reads.preparedQuery("SELECT COUNT(*) FROM " + table.table() + where).execute(Tuple.from(all))
                    .map(rows -> rows.iterator().next().getLong(0));
            Uni<List<Map<String, Object>>> items = reads.preparedQuery("SELECT " + table.columnList() + " FROM " + table.table()
                            + where + " ORDER BY " + table.naturalIdColumn() + ", region LIMIT ? OFFSET ?")
                    .execute(Tuple.from(paged)).map(rows -> each(rows, row -> view(table, row)));
            return Uni.combine().all().unis(items, total).asTuple().map(t -> new Page(t.getItem1(), page, size, t.getItem2()));
        });
    }

    /** How many resources of a scan meet {@code condition} (SQL without parameters). */
    public Uni<Long> countMatching(ResourceTable<?> table, long tenantId, long scanRunId, String condition) {
        return pool.preparedQuery(longReads.bounded("SELECT COUNT(*) FROM " + table.table()
                        + " WHERE client_id = ? AND scan_run_id = ? AND (" + condition + ")"))
                .execute(Tuple.of(tenantId, scanRunId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** The first {@code limit} resources of a scan that meet {@code condition}, by natural id. */
    public Uni<List<Map<String, Object>>> firstMatching(ResourceTable<?> table, long tenantId, long scanRunId, String condition,
                                                        int limit) {
        return pool.preparedQuery(longReads.bounded("SELECT " + table.columnList() + " FROM " + table.table()
                        + " WHERE client_id = ? AND scan_run_id = ? AND (" + condition + ") ORDER BY " + table.naturalIdColumn()
                        + ", region LIMIT ?"))
                .execute(Tuple.of(tenantId, scanRunId, limit)).map(rows -> each(rows, row -> view(table, row)));
    }

    /**
     * The resources of scan run {@code runId} that scan run {@code otherRunId} of the same tenant did not see (by
     * natural id and region, as DB identifiers repeat across regions), one by one from a cursor.
     */
    public Multi<Map<String, Object>> onlyIn(ResourceTable<?> table, long tenantId, long runId, long otherRunId) {
        return cursor("SELECT " + prefixed(table) + " FROM " + table.table() + " r WHERE r.client_id = ? AND r.scan_run_id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM " + table.table() + " o WHERE " + sameResource(table, "o", "r") + ")",
                Tuple.of(tenantId, runId, otherRunId)).map(row -> view(table, row));
    }

    /**
     * The resources both scan runs saw whose stored columns differ: each as its view in {@code before} and in
     * {@code after}, one by one from a cursor.
     */
    public Multi<Map.Entry<Map<String, Object>, Map<String, Object>>> differing(ResourceTable<?> table, long tenantId, long before,
                                                                                long after) {
        String beforeColumns = String.join(", ", table.columns().stream().map(c -> "o." + c.name() + " AS o_" + c.name()).toList());
        String differs = String.join(" AND ", table.columns().stream().map(c -> "r." + c.name() + " <=> o." + c.name()).toList());
        return cursor("SELECT " + prefixed(table) + ", " + beforeColumns + " FROM " + table.table() + " r JOIN " + table.table()
                        + " o ON " + sameResource(table, "o", "r") + " WHERE r.client_id = ? AND r.scan_run_id = ? AND NOT (" + differs + ")",
                Tuple.of(before, tenantId, after)).map(row -> Map.entry(table.view(row, "o_", json), view(table, row)));
    }

    /** Row {@code other} of the scan run bound first is the same resource as row {@code row}. */
    private static String sameResource(ResourceTable<?> table, String other, String row) {
        return other + ".scan_run_id = ? AND " + other + ".client_id = " + row + ".client_id AND " + other + "."
                + table.naturalIdColumn() + " = " + row + "." + table.naturalIdColumn() + " AND " + other + ".region = " + row + ".region";
    }

    /** Every sighting of one resource of the tenant, oldest first, with the scan that saw it. */
    public Uni<List<Sighting>> sightings(ResourceTable<?> table, long tenantId, String naturalId) {
        return pool.preparedQuery(longReads.bounded("SELECT r.scan_run_id, r.scan_timestamp, " + prefixed(table) + " FROM "
                        + table.table() + " r WHERE r.client_id = ? AND r." + table.naturalIdColumn() + " = ?"
                        + " ORDER BY r.scan_timestamp, r.scan_run_id"))
                .execute(Tuple.of(tenantId, naturalId)).map(rows -> each(rows, row -> new Sighting(row.getLong("scan_run_id"),
                        row.getLocalDateTime("scan_timestamp").toInstant(ZoneOffset.UTC), view(table, row))));
    }

    /**
     * The tags of resources as the scans that saw them found them, by where each was seen (a sighting the table no longer
     * holds, such as one of an archived run, is absent); one statement for them all, each by the table's natural key.
     */
    @SuppressWarnings("unchecked") // the tags column read back as JSON, as every view reads it: keys and values are text
    public Uni<Map<SeenIn, Map<String, String>>> tags(ResourceTable<?> table, List<SeenIn> seen) {
        String id = table.naturalIdColumn();
        String one = "(scan_run_id = ? AND client_id = ? AND " + id + " = ? AND region = ?)";
        List<Object> params = new ArrayList<>(seen.size() * 4);
        seen.forEach(where -> params.addAll(List.of(where.scanRunId(), where.tenantId(), where.naturalId(), where.region())));
        return pool.preparedQuery("SELECT scan_run_id, client_id, " + id + ", region, tags FROM " + table.table() + " WHERE "
                        + String.join(" OR ", Collections.nCopies(seen.size(), one))).execute(Tuple.from(params))
                .map(rows -> {
                    Map<SeenIn, Map<String, String>> tags = new HashMap<>();
                    rows.forEach(row -> tags.put(new SeenIn(row.getLong("scan_run_id"), row.getLong("client_id"), row.getString(id),
                            row.getString("region")), (Map<String, String>) table.column("tags").read(row, "tags", json)));
                    return tags;
                });
    }

    /** A scan's resources one by one from a cursor, never all in memory. */
    public Multi<Map<String, Object>> stream(ResourceTable<?> table, long tenantId, long scanRunId) {
        String sql = longReads.bounded("SELECT " + table.columnList() + " FROM " + table.table()
                + " WHERE client_id = ? AND scan_run_id = ? ORDER BY " + table.naturalIdColumn());
        return replica.pool().onItem().transformToMulti(reads -> Rows.cursor(reads, sql, Tuple.of(tenantId, scanRunId)))
                .map(row -> view(table, row));
    }

    /** The rows of a query from a cursor ({@link Rows#cursor}), the query bounded in time. */
    private Multi<Row> cursor(String sql, Tuple params) {
        return Rows.cursor(pool, longReads.bounded(sql), params);
    }

    private Map<String, Object> view(ResourceTable<?> table, Row row) {
        return table.view(row, "", json);
    }

    private static String prefixed(ResourceTable<?> table) {
        return String.join(", ", table.columns().stream().map(c -> "r." + c.name()).toList());
    }

    /** A page of resource views. */
    public record Page(List<Map<String, Object>> items, int page, int size, long total) {
    }

    /** One scan's view of a resource. */
    public record Sighting(long scanRunId, Instant scanTimestamp, Map<String, Object> resource) {
    }

    /** Where a resource was seen: by a tenant's scan run, under its natural id, in a region. */
    public record SeenIn(long scanRunId, long tenantId, String naturalId, String region) {
    }
}
