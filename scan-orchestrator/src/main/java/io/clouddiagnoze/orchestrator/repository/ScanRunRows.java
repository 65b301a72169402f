package io.clouddiagnoze.orchestrator.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.RunState;
import io.clouddiagnoze.orchestrator.model.ScanRun;
import io.clouddiagnoze.orchestrator.model.ScanRun.Status;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The rows of scan_runs as records and back: its JSON columns typed, its DATETIME columns in UTC. */
final class ScanRunRows {
    static final String COLUMNS = "id, user_id, service_type, status, scan_timestamp, finished_at, total_resources,"
            + " requested_regions, region_outcomes, error_detail";
    /**
     * The runs that {@code where} selects (conditions on id, user_id, service_type, status and scan_timestamp) as the API
     * lists them, under {@link #COLUMNS} and {@code archived_at}: those online and those archived (an archived run whose
     * rows are still being deleted is shown archived, once). {@code where} is in both halves of the UNION, so its
     * parameters go twice: MariaDB does not push a prepared statement's parameters into a UNION in a derived table, and
     * so read every tenant's runs for each run it found (seconds at a year of scans).
     */
    static String listed(String where) {
        return "SELECT " + COLUMNS + ", CAST(NULL AS DATETIME(6)) AS archived_at FROM scan_runs WHERE " + where
                + " AND NOT EXISTS (SELECT 1 FROM archived_scan_runs a WHERE a.scan_run_id = scan_runs.id)"
                + " UNION ALL SELECT " + COLUMNS + ", archived_at FROM (SELECT scan_run_id AS id, client_id AS user_id, service_type,"
                + " status, scan_timestamp, finished_at, total_resources, requested_regions, region_outcomes, error_detail, archived_at"
                + " FROM archived_scan_runs) AS archived WHERE " + where;
    }

    static final String STATE_COLUMNS = "id, user_id, service_type, status, scan_timestamp, scanner_status, expected_resources";
    /** A subquery of the regions that a run (its id the one parameter) scanned or found not enabled: what its findings cover. */
    static final String SCANNED_REGIONS = "SELECT scanned.region FROM scan_runs, JSON_TABLE(scan_runs.region_outcomes, '$[*]'"
            + " COLUMNS (region VARCHAR(32) PATH '$.region', outcome VARCHAR(16) PATH '$.outcome')) AS scanned"
            + " WHERE scan_runs.id = ? AND scanned.outcome <> 'error'";

    private final ObjectMapper json;
    private final JavaType names;
    private final JavaType outcomes;

    ScanRunRows(ObjectMapper json) {
        this.json = json;
        this.names = json.constructType(new TypeReference<List<String>>() { });
        this.outcomes = json.constructType(JsonNode.class);
    }

    /** A row of {@link #COLUMNS}, an online run. */
    ScanRun run(Row row) {
        return run(row, null);
    }

    /** A row of {@link #listed}. */
    ScanRun listed(Row row) {
        return run(row, instant(row.getLocalDateTime("archived_at")));
    }

    private ScanRun run(Row row, Instant archivedAt) {
        String regionOutcomes = row.getString("region_outcomes");
        return new ScanRun(row.getLong("id"), row.getLong("user_id"), service(row), status(row, "status"),
                instant(row.getLocalDateTime("scan_timestamp")), instant(row.getLocalDateTime("finished_at")),
                row.getInteger("total_resources"), names(row.getString("requested_regions")),
                regionOutcomes == null ? null : read(regionOutcomes, outcomes), row.getString("error_detail"), archivedAt);
    }

    /** A row of {@link #STATE_COLUMNS}. */
    static RunState state(Row row) {
        return new RunState(row.getLong("id"), row.getLong("user_id"), service(row), status(row, "status"),
                instant(row.getLocalDateTime("scan_timestamp")), row.getString("scanner_status") == null ? null : status(row, "scanner_status"),
                row.getLong("expected_resources"));
    }

    String write(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON list of names (regions, check ids) as a list; null stays null. */
    List<String> names(String text) {
        return text == null ? null : read(text, names);
    }

    private <T> T read(String text, JavaType type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scan_runs holds JSON that is not valid", e);
        }
    }

    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static ServiceType service(Row row) {
        return ServiceType.fromId(row.getString("service_type")).orElseThrow();
    }

    private static Status status(Row row, String column) {
        return Status.fromId(row.getString(column)).orElseThrow();
    }
}
