package io.clouddiagnoze.orchestrator.repository;

import static io.clouddiagnoze.orchestrator.repository.ScanRunRows.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.orchestrator.model.MuteEvent;
import io.clouddiagnoze.orchestrator.model.StoredFinding;
import io.clouddiagnoze.contracts.events.Finding.Mute;
import io.clouddiagnoze.orchestrator.resources.Column;
import io.clouddiagnoze.orchestrator.resources.FindingCheck;
import io.clouddiagnoze.orchestrator.resources.FindingCheck.Severity;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.service.persistence.Rows;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The rows of findings as records, and the SQL that makes a finding's evidence from a resource row. */
final class FindingRows {
    static final String COLUMNS = "id, client_id, check_id, service, region, resource_id, severity, status, evidence, first_seen_at,"
            + " first_seen_scan_run_id, last_seen_at, last_seen_scan_run_id, resolved_at, resolved_scan_run_id, muted_at, muted_until,"
            + " muted_by, mute_reason";
    private static final TypeReference<Map<String, Object>> EVIDENCE = new TypeReference<>() { };

    private final ObjectMapper json;

    FindingRows(ObjectMapper json) {
        this.json = json;
    }

    /** The JSON object of the check's evidence columns, each under its API field name, flags as true or false. */
    static String evidence(ResourceTable<?> table, FindingCheck check) {
        return "JSON_OBJECT(" + check.evidence().stream().map(name -> {
            Column<?> column = table.column(name);
            String value = column.kind() == Column.Kind.BOOLEAN ? "IF(" + name + " IS NULL, NULL, IF(" + name + ", TRUE, FALSE))" : name;
            return "'" + column.field() + "', " + value;
        }).collect(Collectors.joining(", ")) + ")";
    }

    List<StoredFinding> findings(RowSet<Row> rows) {
        return Rows.each(rows, this::finding);
    }

    StoredFinding finding(Row row) {
        Map<String, Object> evidence;
        try {
            evidence = json.readValue(row.getString("evidence"), EVIDENCE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("finding " + row.getLong("id") + " holds evidence that is not JSON", e);
        }
        return new StoredFinding(row.getLong("id"), row.getLong("client_id"), row.getString("check_id"),
                ServiceType.fromId(row.getString("service")).orElseThrow(),
                row.getString("region"), row.getString("resource_id"), Severity.valueOf(row.getString("severity")),
                row.getString("status"), evidence, instant(row.getLocalDateTime("first_seen_at")), row.getLong("first_seen_scan_run_id"),
                instant(row.getLocalDateTime("last_seen_at")), row.getLong("last_seen_scan_run_id"),
                instant(row.getLocalDateTime("resolved_at")), row.getLong("resolved_scan_run_id"), row.getString("status").equals("muted")
                ? new Mute(row.getString("mute_reason"), instant(row.getLocalDateTime("muted_until")), row.getLong("muted_by"),
                        instant(row.getLocalDateTime("muted_at"))) : null);
    }

    static List<MuteEvent> muteEvents(RowSet<Row> rows) {
        return Rows.each(rows, row -> new MuteEvent(row.getString("action"), row.getLong("actor"), row.getString("reason"),
                instant(row.getLocalDateTime("muted_until")), instant(row.getLocalDateTime("at"))));
    }
}
