package io.clouddiagnoze.orchestrator.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one kind of resource is stored: its table, the column of its natural id, each column with its API
 * field, and the inventory filters it offers. Every table also has {@code id}, {@code scan_run_id},
 * {@code client_id} (the tenant) and {@code scan_timestamp}.
 */
public record ResourceTable<R extends DiscoveredResource>(
        ServiceType service,
        Class<R> type,
        List<Column<R>> columns,
        List<Filter> filters) {
    private static final Pattern TAG_KEY = Pattern.compile("[\\w .:/=+\\-@]{1,128}");

    public String table() {
        return service.resourceTable();
    }

    public String naturalIdColumn() {
        return service.naturalIdColumn();
    }

    /** Binds every column of {@code resource}, in the order of {@link #columns()}. */
    @SuppressWarnings("unchecked")
    public List<Object> bind(DiscoveredResource resource, ObjectMapper json) {
        return columns.stream().map(column -> column.bind((R) resource, json)).toList();
    }

    /**
     * The row as the API shows it: every column by its field name, in column order, from columns selected under their
     * names with {@code prefix} before them.
     */
    public Map<String, Object> view(Row row, String prefix, ObjectMapper json) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (Column<R> column : columns) {
            view.put(column.field(), column.read(row, prefix + column.name(), json));
        }
        return view;
    }

    /** The column of that SQL name. */
    public Column<R> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(table() + " has no column " + name));
    }

    public String naturalIdField() {
        return columns.stream().filter(c -> c.name().equals(naturalIdColumn())).findFirst().orElseThrow().field();
    }

    public String columnList() {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }

    public Optional<Filter> filter(String param) {
        return filters.stream().filter(f -> f.param().equals(param)).findFirst();
    }

    /**
     * The SQL condition of inventory filter {@code param} (a filter of the table's, {@code region}, or {@code tag:KEY}) for {@code value}, its parameters added to {@code params}; a filter it does not offer is a 400.
     */
    public String condition(String param, String value, List<Object> params) {
        if (param.equals("region")) {
            return Filter.equalTo("region", "Region", "region").condition(value, params);
        }
        if (param.startsWith("tag:")) {
            String key = param.substring(4);
            if (!TAG_KEY.matcher(key).matches()) {
                throw ProblemException.invalidField(param, "is not a tag key");
            }
            params.add("$.\"" + key.replace("\"", "") + "\"");
            params.add(value);
            return "JSON_VALUE(tags, ?) = ?";
        }
        return filter(param).orElseThrow(() -> ProblemException.invalidField(param, "is not a filter of " + service.id()
                        + "; filters: region, tag:KEY, " + String.join(", ", filters.stream().map(Filter::param).toList())))
                .condition(value, params);
    }
}
