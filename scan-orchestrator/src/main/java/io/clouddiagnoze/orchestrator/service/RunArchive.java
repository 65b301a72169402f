package io.clouddiagnoze.orchestrator.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.aws.ArchiveBucket;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.repository.ArchiveRepository;
import io.clouddiagnoze.orchestrator.repository.ArchiveRepository.ArchivedRun;
import io.clouddiagnoze.orchestrator.repository.RunArchiveRows;
import io.clouddiagnoze.orchestrator.repository.RunArchiveRows.ArchivedRow;
import io.clouddiagnoze.orchestrator.repository.ScanRunRepository;
import io.clouddiagnoze.orchestrator.service.ArchiveFile.Written;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Moves one finished scan run to the archive and back. Archiving writes the run's rows into an object and a manifest,
 * checks the stored object's size, records the run as archived, and only then deletes its rows, children first, each
 * batch a statement of its own: a crash at any step leaves either the rows, or the verified object and its record (the
 * next pass finishes the deletion). A restore checks the object's SHA-256 and puts every row back in one transaction,
 * with its ids, or nothing. Blocking: it runs on worker threads.
 */
@ApplicationScoped
public class RunArchive {
    private static final Logger LOG = Logger.getLogger(RunArchive.class);
    static final Duration STATEMENT_WAIT = Duration.ofMinutes(5);
    /** Rows of one table in one INSERT of a restore. */
    private static final int RESTORE_ROWS = 500;

    private final RunArchiveRows rows;
    private final ArchiveRepository archive;
    private final ScanRunRepository runs;
    private final ArchiveBucket bucket;
    private final Pool pool;
    private final ObjectMapper json;
    private final int batchRows;
    private final Duration restoredHold;

    RunArchive(RunArchiveRows rows, ArchiveRepository archive, ScanRunRepository runs, ArchiveBucket bucket, Pool pool, ObjectMapper json,
               @ConfigProperty(name = "clouddiagnoze.retention.batch-rows") int batchRows,
               @ConfigProperty(name = "clouddiagnoze.retention.restored-hold") Duration restoredHold) {
        this.rows = rows;
        this.archive = archive;
        this.runs = runs;
        this.bucket = bucket;
        this.pool = pool;
        this.json = json;
        this.batchRows = batchRows;
        this.restoredHold = restoredHold;
    }

    /**
     * Archives a finished run and deletes its rows, calling {@code heartbeat} between batches; what it archived, or null
     * when the run was deleted meanwhile.
     */
    public ArchivedRun archive(ScanRun run, Runnable heartbeat) {
        ArchivedRun archived = store(run);
        if (archived != null) {
            await(archive.record(archived));
            deleteRows(archived.run(), heartbeat);
        }
        return archived;
    }

    /**
     * Deletes the rows of an archived run: a window of its resource rows at a time, their metric rows {@code batchRows} at
     * a time, then those resource rows, and last the run's own row. Every statement commits on its own.
     */
    public void deleteRows(ScanRun.Ref run, Runnable heartbeat) {
        for (List<Long> ids = await(rows.resourceIds(run, batchRows)); !ids.isEmpty(); ids = await(rows.resourceIds(run, batchRows))) {
            while (await(rows.deleteMetrics(run.service(), ids, batchRows)) == batchRows) {
                heartbeat.run();
            }
            await(rows.deleteResources(run.service(), ids));
            heartbeat.run();
        }
        await(rows.deleteRun(run));
    }

    /**
     * Puts the tenant's archived run back as it was, ids and all, and keeps it online for the restored hold; 404 for an
     * unknown run or another tenant's, 409 for a run that is online.
     */
    public void restore(long tenantId, long runId) {
        ArchivedRun archived = await(archive.find(tenantId, runId));
        if (archived == null) {
            throw await(runs.find(tenantId, runId)) == null ? ProblemException.notFound("no scan run " + runId)
                    : ProblemException.conflict("scan run " + runId + " is not archived");
        }
        Path file = tempFile();
        try {
            bucket.download(archived.objectKey(), file);
            String sha256 = ArchiveFile.sha256Of(file);
            if (!sha256.equals(archived.sha256())) {
                throw new IllegalStateException("the archive object of scan run " + runId + " has SHA-256 " + sha256 + ", not the "
                        + archived.sha256() + " recorded: nothing restored");
            }
            await(pool.withTransaction(tx -> Uni.createFrom().item(() -> {
                putBack(tx, tenantId, archived, file);
                return archived;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())));
        } finally {
            deleteQuietly(file);
        }
        // The rows are online again: the archive holds only what is not. A failed delete leaves an object that the run's
        // next archiving overwrites, or the tenant's deletion removes.
        try {
            bucket.delete(archived.objectKey());
            bucket.delete(ArchiveBucket.manifestKey(tenantId, runId));
        } catch (RuntimeException e) {
            LOG.warnf("scan run %d restored, but its archive object stays: %s", runId, e.toString());
        }
    }

    /** Deletes the tenant's archive of run {@code runId}, objects first, then its record; whether it had one. */
    public boolean discard(long tenantId, long runId) {
        ArchivedRun archived = await(archive.find(tenantId, runId));
        if (archived == null) {
            return false;
        }
        bucket.delete(archived.objectKey());
        bucket.delete(ArchiveBucket.manifestKey(tenantId, runId));
        await(archive.remove(pool, runId));
        return true;
    }

    /** Within the restore's transaction, on a worker thread: the record locked and checked, every row inserted, the record removed. */
    private void putBack(SqlConnection tx, long tenantId, ArchivedRun archived, Path file) {
        long runId = archived.run().id();
        if (await(archive.lock(tx, tenantId, runId)) == null) {
            throw ProblemException.conflict("scan run " + runId + " was restored meanwhile");
        }
        if (await(rows.online(runId))) {
            throw ProblemException.conflict("scan run " + runId + " is still being archived; restore it after the next retention pass");
        }
        Map<String, Long> inserted = new HashMap<>();
        List<Map<String, Object>> pending = new ArrayList<>();
        String[] table = {null};
        String retainedUntil = RunArchiveRows.datetime(LocalDateTime.ofInstant(Instant.now().plus(restoredHold), ZoneOffset.UTC));
        ArchiveFile.read(file, json, row -> {
            if (!row.table().equals(table[0]) || pending.size() == RESTORE_ROWS) {
                await(rows.insert(tx, table[0], pending));
                pending.clear();
                table[0] = row.table();
            }
            Map<String, Object> columns = row.columns();
            if (row.table().equals(RunArchiveRows.RUNS)) { // as archived, but kept online for the hold
                columns = new LinkedHashMap<>(columns);
                columns.put("retained_until", retainedUntil);
            }
            pending.add(columns);
            inserted.merge(row.table(), 1L, Long::sum);
        });
        await(rows.insert(tx, table[0], pending));
        ServiceType service = archived.run().service();
        if (inserted.getOrDefault(RunArchiveRows.RUNS, 0L) != 1 || inserted.getOrDefault(service.resourceTable(), 0L) != archived.resourceRows()
                || inserted.getOrDefault(service.performanceTable(), 0L) != archived.metricRows()) {
            throw new IllegalStateException("the archive object of scan run " + runId + " holds " + inserted + ", not what was recorded");
        }
        await(archive.remove(tx, runId));
    }

    /** Writes the run's object and manifest and checks them in the bucket; null when the run is gone. */
    private ArchivedRun store(ScanRun run) {
        ServiceType service = run.service();
        try (ArchiveFile file = ArchiveFile.create(json)) {
            for (ArchivedRow row : rows.read(run.ref()).subscribe().asIterable()) {
                file.write(row);
            }
            Written written = file.finish();
            if (written.count(RunArchiveRows.RUNS) == 0) {
                return null;
            }
            String key = ArchiveBucket.dataKey(run.tenantId(), run.id());
            String manifestKey = ArchiveBucket.manifestKey(run.tenantId(), run.id());
            byte[] manifest = manifest(run, key, written);
            bucket.put(key, written.path(), ArchiveFile.CONTENT_TYPE);
            bucket.put(manifestKey, manifest, "application/json");
            if (bucket.size(key) != written.size() || bucket.size(manifestKey) != manifest.length) {
                throw new IllegalStateException("the archive of scan run " + run.id() + " was not stored whole; its rows stay");
            }
            return new ArchivedRun(run.ref(), written.count(service.resourceTable()), written.count(service.performanceTable()), key,
                    written.size(), written.sha256());
        }
    }

    /** What the object holds, for whoever reads the archive without the database: counts per table and its SHA-256. */
    private byte[] manifest(ScanRun run, String key, Written written) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "clouddiagnoze-scan-run-archive/1");
        manifest.put("scanRunId", run.id());
        manifest.put("tenantId", run.tenantId());
        manifest.put("service", run.service().id());
        manifest.put("status", run.status().id());
        manifest.put("scanTimestamp", run.scanTimestamp().toString());
        manifest.put("object", key);
        manifest.put("size", written.size());
        manifest.put("sha256", written.sha256());
        Map<String, Long> counts = new LinkedHashMap<>();
        RunArchiveRows.tables(run.service()).forEach(table -> counts.put(table, written.count(table)));
        manifest.put("counts", counts);
        manifest.put("archivedAt", Instant.now().toString());
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The blocking wait of the retention work (this class and RetentionJob) for one statement or call. */
    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(STATEMENT_WAIT);
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("scan-run-", ".jsonl.gz");
            Files.delete(file); // the SDK writes a new file
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", file, e.toString());
        }
    }
}
