package io.clouddiagnoze.testsupport;

import java.util.Arrays;

/** Reads figures out of a service's {@code /q/metrics} answer (the Prometheus text format). */
public final class PrometheusText {
    private PrometheusText() {
    }

    /**
     * The sum of the samples of {@code name} that carry every one of {@code labels} (each as {@code key="value"});
     * 0 when there is none yet, as for a counter never incremented.
     */
    public static double sum(String exposition, String name, String... labels) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
