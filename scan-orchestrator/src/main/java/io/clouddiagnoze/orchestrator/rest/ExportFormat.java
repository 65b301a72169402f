package io.clouddiagnoze.orchestrator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.orchestrator.resources.Column;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** How an export writes resources, chunk by chunk as they stream from the database. */
public enum ExportFormat {
    CSV("text/csv; charset=UTF-8", "csv"),
    JSON("application/json", "json");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public static ExportFormat of(String format) {
        return switch (format == null ? "json" : format) {
            case "csv" -> CSV;
            case "json" -> JSON;
            default -> throw ProblemException.invalidField("format", "must be csv or json");
        };
    }

    public String mediaType() {
        return mediaType;
    }

    public String fileName(long scanRunId, String service) {
        return "scan-" + scanRunId + "-" + service + "." + extension;
    }

    /** The whole document: opening, one chunk per resource, closing; values that are not text are written by {@code json}. */
    public Multi<Buffer> write(ResourceTable<?> table, Multi<Map<String, Object>> resources, ObjectMapper json) {
        Multi<String> chunks = switch (this) {
            case CSV -> Multi.createBy().concatenating().streams(
                    Multi.createFrom().item(csvLine(table.columns().stream().map(Column::field).map(f -> (Object) f).toList(), json)),
                    resources.map(r -> csvLine(new ArrayList<>(r.values()), json)));
            case JSON -> {
                AtomicBoolean first = new AtomicBoolean(true);
                yield Multi.createBy().concatenating().streams(
                        Multi.createFrom().item("["),
                        resources.map(r -> (first.getAndSet(false) ? "\n" : ",\n") + write(json, r)),
                        Multi.createFrom().item("\n]\n"));
            }
        };
        return chunks.map(Buffer::buffer);
    }

    /** One CSV line of {@code values}, ended by CRLF; values that are not text, numbers or flags are written by {@code json}. */
    static String csvLine(List<Object> values, ObjectMapper json) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(csvCell(values.get(i), json));
        }
        return line.append("\r\n").toString();
    }

    private static String csvCell(Object value, ObjectMapper json) {
        if (value == null) {
            return "";
        }
        String text = value instanceof String s ? s : value instanceof Number || value instanceof Boolean ? value.toString() : write(json, value);
        // A cell that a spreadsheet would take for a formula is kept as text.
        if (value instanceof String && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
