package io.clouddiagnoze.emulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.protocol.Documents;
import io.clouddiagnoze.emulator.protocol.Paging;
import io.clouddiagnoze.emulator.protocol.Params;
import io.clouddiagnoze.emulator.protocol.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GetMetricData: validates the queries, walks each one's datapoint timestamps in scan order, and pages
 * across all queries by MaxDatapoints. A NextToken is the (query, timestamp) position to resume at, so a
 * page costs only the datapoints it returns.
 */
final class GetMetricData {

    static final int MAX_QUERIES = 500;
    private static final int DEFAULT_MAX_DATAPOINTS = 100_800;
    private static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");

    private GetMetricData() {
    }

    /** One query the caller wants data for (ReturnData=false ones are dropped: they feed only expressions). */
    private record Query(String id, String label, MetricSeries series, int period, Statistic statistic) {
    }

    static ObjectNode run(JsonNode input, MetricCatalog catalog, Instant now) {
        Instant startTime = Timestamps.parse(required(input, "StartTime"), "StartTime");
        Instant endTime = Timestamps.parse(required(input, "EndTime"), "EndTime");
        if (!startTime.isBefore(endTime)) {
            throw ApiError.badRequest("ValidationError", "The parameter StartTime must be less than the parameter EndTime.");
        }
        boolean ascending = "TimestampAscending".equals(scanBy(input));
        Integer maxDatapoints = Params.integer(input, "MaxDatapoints");
        if (maxDatapoints != null && maxDatapoints < 1) {
            throw ApiError.badRequest("InvalidParameterValue", "The parameter MaxDatapoints must be greater than 0.");
        }
        List<Query> queries = queries(input, catalog);
        long resumeFrom = Paging.position(Params.text(input, "NextToken"), Long.MAX_VALUE, "InvalidNextToken");

        PageBuilder page = new PageBuilder(maxDatapoints == null ? DEFAULT_MAX_DATAPOINTS : maxDatapoints,
                ascending, now.getEpochSecond());
        for (int q = 0; q < queries.size(); q++) {
            Query query = queries.get(q);
            Window window = Window.of(query, startTime.getEpochSecond(), endTime.getEpochSecond(), now.getEpochSecond());
            // Queries before the token's were delivered on earlier pages; they appear again, empty.
            if (q >= queryOf(resumeFrom)) {
                page.fill(q, query, window, q == queryOf(resumeFrom) ? candidateOf(resumeFrom) : 0);
            } else {
                page.skip(query);
            }
        }
        return page.output();
    }

    private static int queryOf(long position) {
        return (int) (position >>> 32);
    }

    private static long candidateOf(long position) {
        return position & 0xFFFF_FFFFL;
    }

    /** One page of results: datapoints are added until the budget is spent, then the position is kept. */
    private static final class PageBuilder {

        private final ArrayNode results = Documents.object().arrayNode();
        private final boolean ascending;
        private final long now;
        private int budget;
        private long resumeAt = -1;

        PageBuilder(int budget, boolean ascending, long now) {
            this.budget = budget;
            this.ascending = ascending;
            this.now = now;
        }

        void skip(Query query) {
            result(query);
        }

        void fill(int queryIndex, Query query, Window window, long fromCandidate) {
            ObjectNode result = result(query);
            ArrayNode timestamps = result.withArrayProperty("Timestamps");
            ArrayNode values = result.withArrayProperty("Values");
            for (long candidate = fromCandidate; resumeAt < 0 && candidate < window.count(); candidate++) {
                if (budget == 0) {
                    resumeAt = ((long) queryIndex << 32) | candidate;
                    break;
                }
                long time = window.time(candidate, ascending);
                OptionalDouble value = query.series().aggregate(time, query.period(), query.statistic(), now);
                if (value.isPresent()) {
                    timestamps.add(Documents.timestamp(Instant.ofEpochSecond(time)));
                    values.add(value.getAsDouble());
                    budget--;
                }
            }
        }

        ObjectNode output() {
            // Queries at or after the resume position still have datapoints to come on later pages.
            int resumeQuery = resumeAt < 0 ? Integer.MAX_VALUE : queryOf(resumeAt);
            for (int q = 0; q < results.size(); q++) {
                ((ObjectNode) results.get(q)).put("StatusCode", q >= resumeQuery ? "PartialData" : "Complete");
            }
            ObjectNode output = Documents.object();
            output.set("MetricDataResults", results);
            if (resumeAt >= 0) {
                output.put("NextToken", Paging.token(resumeAt));
            }
            return output;
        }

        private ObjectNode result(Query query) {
            ObjectNode result = results.addObject().put("Id", query.id()).put("Label", query.label());
            result.putArray("Timestamps");
            result.putArray("Values");
            return result;
        }
    }

    /**
     * The datapoint timestamps a query can have: multiples of its period (or of the metric's native period
     * when that is coarser, since finer buckets would be empty) within the request, after the resource
     * began reporting and before now.
     */
    private record Window(long first, long step, long count) {

        static Window of(Query query, long start, long end, long now) {
            int nativePeriod = query.series().nativePeriod();
            long step = nativePeriod > query.period() && nativePeriod % query.period() == 0 ? nativePeriod : query.period();
            long first = Math.max(Math.floorDiv(start, step), Math.floorDiv(query.series().firstSample(), step)) * step;
            long last = Math.min(end, now);
            return new Window(first, step, last <= first ? 0 : (last - first + step - 1) / step);
        }

        long time(long candidate, boolean ascending) {
            return first + (ascending ? candidate : count - 1 - candidate) * step;
        }
    }

    private static List<Query> queries(JsonNode input, MetricCatalog catalog) {
        List<JsonNode> entries = Params.list(input, "MetricDataQueries");
        if (entries.isEmpty()) {
            throw ApiError.badRequest("MissingParameter", "The parameter MetricDataQueries is required.");
        }
        if (entries.size() > MAX_QUERIES) {
            throw ApiError.badRequest("ValidationError",
                    "The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
        }
        Set<String> ids = new HashSet<>();
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String member = "MetricDataQueries.member." + (i + 1);
            String id = Params.text(entry, "Id");
            if (id == null || !QUERY_ID.matcher(id).matches()) {
                throw ApiError.badRequest("ValidationError", "The value " + id + " for parameter " + member
                        + ".Id is invalid: it must start with a lower-case letter and contain only letters, digits and _.");
            }
            if (!ids.add(id)) {
                throw ApiError.badRequest("ValidationError", "The values for parameter Id in MetricDataQueries are not unique.");
            }
            if (Params.text(entry, "Expression") != null) {
                throw ApiError.badRequest("ValidationError",
                        "Metric math expressions are not emulated (query " + id + "); use MetricStat queries.");
            }
            if (Params.bool(entry, "ReturnData", true)) {
                queries.add(query(entry, member, id, catalog));
            }
        }
        return queries;
    }

    private static Query query(JsonNode entry, String member, String id, MetricCatalog catalog) {
        JsonNode stat = entry.get("MetricStat");
        if (stat == null || !stat.isObject()) {
            throw ApiError.badRequest("ValidationError", "The parameter " + member + " needs a MetricStat or an Expression.");
        }
        JsonNode metric = stat.path("Metric");
        String namespace = Params.text(metric, "Namespace");
        String metricName = Params.text(metric, "MetricName");
        if (namespace == null || metricName == null) {
            throw ApiError.badRequest("MissingParameter", "The parameter " + member + ".MetricStat.Metric needs a Namespace and a MetricName.");
        }
        Integer period = Params.integer(stat, "Period");
        if (period == null || period < 1 || period >= 60 && period % 60 != 0 || period < 60 && 60 % period != 0) {
            throw ApiError.badRequest("InvalidParameterValue", "The parameter " + member
                    + ".MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.");
        }
        Map<String, String> dimensions = new HashMap<>();
        for (JsonNode dimension : Params.list(metric, "Dimensions")) {
            dimensions.put(Params.required(dimension, "Name"), Params.required(dimension, "Value"));
        }
        Statistic statistic = Statistic.parse(Params.text(stat, "Stat"), member + ".MetricStat.Stat");
        MetricSeries series = catalog.series(namespace, metricName, dimensions)
                .orElseGet(() -> MetricSeries.silent(60));
        String label = Params.text(entry, "Label");
        return new Query(id, label == null ? metricName : label, series, period, statistic);
    }

    private static JsonNode required(JsonNode input, String member) {
        JsonNode node = input.get(member);
        if (node == null || node.isNull()) {
            throw ApiError.badRequest("MissingParameter", "The parameter " + member + " is required.");
        }
        return node;
    }

    private static String scanBy(JsonNode input) {
        String scanBy = Params.text(input, "ScanBy");
        if (scanBy != null && !scanBy.equals("TimestampAscending") && !scanBy.equals("TimestampDescending")) {
            throw ApiError.badRequest("InvalidParameterValue", "The parameter ScanBy must be TimestampAscending or TimestampDescending.");
        }
        return scanBy;
    }
}
