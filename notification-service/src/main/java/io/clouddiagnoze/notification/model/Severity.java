package io.clouddiagnoze.notification.model;

import java.util.List;

/** The severities of findings, least first, as the checks name them. */
public final class Severity {
    public static final List<String> ASCENDING = List.of("low", "medium", "high", "critical");

    private Severity() {
    }

    /** Whether {@code severity} is {@code minimum} or above it. */
    public static boolean atLeast(String severity, String minimum) {
        return ASCENDING.indexOf(severity) >= ASCENDING.indexOf(minimum);
    }
}
