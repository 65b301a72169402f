package io.clouddiagnoze.emulator.cloudwatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A metric's identity as ListMetrics reports it: namespace, name and dimensions. */
record MetricDescriptor(String namespace, String metricName, List<Dimension> dimensions) {

    /** One dimension name and value. */
    record Dimension(String name, String value) {
    }

    static MetricDescriptor of(String namespace, String metricName, String... dimensionPairs) {
        List<Dimension> dimensions = new ArrayList<>();
        for (int i = 0; i + 1 < dimensionPairs.length; i += 2) {
            dimensions.add(new Dimension(dimensionPairs[i], dimensionPairs[i + 1]));
        }
        return new MetricDescriptor(namespace, metricName, List.copyOf(dimensions));
    }

    Map<String, String> dimensionMap() {
        return dimensions.stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
    }
}
