package io.clouddiagnoze.notification.model;

import java.util.List;

/**
 * A tenant's alert rule: the events it matches, and the channels it sends them to.
 *
 * @param services the services whose events it matches; empty for all
 * @param fields for {@code resource.changed}: a change of one of these fields; empty for any change
 * @param delivery {@code immediate}
 */
public record Rule(long id, String name, List<String> events, String minSeverity, List<String> services, List<String> fields,
                   List<Long> channelIds, String delivery) {
    public static final String IMMEDIATE = "immediate";

    public Rule {
        events = List.copyOf(events);
        services = List.copyOf(services);
        fields = List.copyOf(fields);
        channelIds = List.copyOf(channelIds);
    }

    /** Whether {@code alert} is one this rule sends. */
    public boolean matches(Alert alert) {
        if (!events.contains(alert.type()) || !(services.isEmpty() || services.contains(alert.service()))) {
            return false;
        }
        if (alert.type().equals(Alert.RESOURCE_CHANGED)) {
            return fields.isEmpty() || alert.fields().stream().anyMatch(fields::contains);
        }
        return Severity.atLeast(alert.severity(), minSeverity);
    }
}
