package io.clouddiagnoze.metrics.collect;

import io.clouddiagnoze.metrics.store.PerformanceRow;
import io.clouddiagnoze.metrics.store.PerformanceTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The datapoints of one batch, as compact as they can be held: per resource and timestamp, one value per
 * metric column of the table (NaN where absent), summed over the queries that feed the same column. A batch
 * of 500 instances holds 144,000 of them.
 */
final class BatchPoints {
    private final PerformanceTable table;
    private final Map<ResourceKey, Map<Long, double[]>> byResource = new HashMap<>();

    BatchPoints(PerformanceTable table) {
        this.table = table;
    }

    void add(Point point) {
        int column = table.metrics().indexOf(point.metric());
        double[] values = byResource.computeIfAbsent(point.resource(), key -> new HashMap<>())
                .computeIfAbsent(point.timestamp().getEpochSecond(), time -> empty());
        values[column] = Double.isNaN(values[column]) ? point.value() : values[column] + point.value();
    }

    boolean isEmpty() {
        return byResource.isEmpty();
    }

    /** The performance rows of those resources whose row id is known. */
    List<PerformanceRow> rows(Map<ResourceKey, Long> rowIds) {
        List<PerformanceRow> rows = new ArrayList<>();
        byResource.forEach((resource, points) -> {
            Long rowId = rowIds.get(resource);
            if (rowId != null) {
                points.forEach((time, values) -> rows.add(new PerformanceRow(rowId, time, values)));
            }
        });
        return rows;
    }

    private double[] empty() {
        double[] values = new double[table.metrics().size()];
        Arrays.fill(values, Double.NaN);
        return values;
    }
}
