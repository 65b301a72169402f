package io.clouddiagnoze.orchestrator.repository;

import static io.clouddiagnoze.service.persistence.Rows.each;
import static io.clouddiagnoze.service.persistence.Rows.first;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.instant;
import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.utc;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Every statement on {@code archived_scan_runs} and {@code archived_sightings}: which runs are in the archive, where, with
 * what counts and checksum, and which resources they saw. A record is written once a run's object is stored and
 * verified, before any of its rows is deleted; a restore removes it (its sightings go with it).
 */
@ApplicationScoped
public class ArchiveRepository {
    private static final String COLUMNS = "scan_run_id, client_id, service_type, resource_rows, metric_rows, object_key,"
            + " object_size, sha256";

    private final Pool pool;

    ArchiveRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records the run as archived, with the run's own columns and the resources it saw (read from its resource rows, which
     * are all still there), in one transaction.
     */
    public Uni<Void> record(ArchivedRun archived) {
        ScanRun.Ref run = archived.run();
        ServiceType service = run.service();
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO archived_scan_runs (scan_run_id, client_id, service_type,"
                                + " status, scan_timestamp, finished_at, total_resources, requested_regions, region_outcomes, error_detail,"
                                + " resource_rows, metric_rows, object_key, object_size, sha256, archived_at)"
                                + " SELECT id, user_id, service_type, status, scan_timestamp, finished_at, total_resources, requested_regions,"
                                + " region_outcomes, error_detail, ?, ?, ?, ?, ?, ? FROM scan_runs WHERE id = ? AND user_id = ?")
                        .execute(Tuple.from(Arrays.asList(archived.resourceRows(), archived.metricRows(), archived.objectKey(),
                                archived.objectSize(), archived.sha256(), utc(Instant.now()), run.id(), run.tenantId())))
                        .flatMap(inserted -> tx.preparedQuery("INSERT INTO archived_sightings (scan_run_id, client_id, service_type,"
                                        + " resource_id, region, scan_timestamp) SELECT scan_run_id, client_id, ?, "
                                        + service.naturalIdColumn() + ", region, scan_timestamp FROM " + service.resourceTable()
                                        + " WHERE scan_run_id = ? AND client_id = ?")
                                .execute(Tuple.of(service.id(), run.id(), run.tenantId())))
                        .replaceWithVoid());
    }

    /** The tenant's archive record of run {@code id}, locked until the caller's transaction ends; null when there is none. */
    public Uni<ArchivedRun> lock(SqlClient tx, long tenantId, long id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM archived_scan_runs WHERE scan_run_id = ? AND client_id = ? FOR UPDATE")
                .execute(Tuple.of(id, tenantId)).map(found -> first(found, ArchiveRepository::archived));
    }

    /** The tenant's archive record of run {@code id}, or null. */
    public Uni<ArchivedRun> find(long tenantId, long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM archived_scan_runs WHERE scan_run_id = ? AND client_id = ?")
                .execute(Tuple.of(id, tenantId)).map(found -> first(found, ArchiveRepository::archived));
    }

    /** Removes the record and its sightings, within a restore's transaction. */
    public Uni<Void> remove(SqlClient tx, long id) {
        return tx.preparedQuery("DELETE FROM archived_scan_runs WHERE scan_run_id = ?").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The archived runs whose rows are still online: a pass stopped while deleting them, and the next one finishes. */
    public Uni<List<ArchivedRun>> unfinished() {
        return pool.query("SELECT " + COLUMNS + " FROM archived_scan_runs a WHERE EXISTS"
                        + " (SELECT 1 FROM scan_runs r WHERE r.id = a.scan_run_id) ORDER BY scan_run_id").execute()
                .map(found -> each(found, ArchiveRepository::archived));
    }

    /** How many archived scans saw one resource of the tenant, and the first and last of them (null when none did). */
    public Uni<ArchivedSightings> sightings(long tenantId, ServiceType service, String resourceId) {
        return pool.preparedQuery("SELECT COUNT(*) AS sightings, MIN(scan_timestamp) AS first_seen, MAX(scan_timestamp) AS last_seen"
                        + " FROM archived_sightings WHERE client_id = ? AND service_type = ? AND resource_id = ?")
                .execute(Tuple.of(tenantId, service.id(), resourceId))
                .map(found -> first(found, row -> new ArchivedSightings(row.getLong("sightings"),
                        instant(row.getLocalDateTime("first_seen")), instant(row.getLocalDateTime("last_seen")))));
    }

    private static ArchivedRun archived(Row row) {
        return new ArchivedRun(new ScanRun.Ref(row.getLong("scan_run_id"), row.getLong("client_id"),
                ServiceType.fromId(row.getString("service_type")).orElseThrow()), row.getLong("resource_rows"),
                row.getLong("metric_rows"), row.getString("object_key"), row.getLong("object_size"), row.getString("sha256"));
    }

    /** Where an archived run's object is, its size and SHA-256, and how many resource and metric rows it holds. */
    public record ArchivedRun(ScanRun.Ref run, long resourceRows, long metricRows, String objectKey, long objectSize, String sha256) {
    }

    /** A resource's sightings in the archive: how many, the first and the last. */
    public record ArchivedSightings(long sightings, Instant from, Instant to) {
    }
}
