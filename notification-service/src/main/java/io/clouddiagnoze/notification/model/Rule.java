package io.clouddiagnoze.notification.model;

import java.util.List;

/**
 * A tenant's alert rule: the events it matches, and the channels it sends them to.
 *
 * @param services the services whose events it matches; empty for all
 * @param fields for {@code resource.changed}: a change of one of these fields; empty for any change
 * @param delivery {@code immediate}: an alert an event; {@code digest}: what it matched in one message every {@code digestHours}
 * @param digestHours for a digest, the hours (1 to 168) it gathers before it is sent; null otherwise
 */
public record Rule(long id, String name, List<String> events, String minSeverity, List<String> services, List<String> fields,
                   List<Long> channelIds, String delivery, Integer digestHours) {
    public static final String IMMEDIATE = "immediate";
    public static final String DIGEST = "digest";
    public static final int MOST_DIGEST_HOURS = 168;

    public Rule {
        events = List.copyOf(events);
        services = List.copyOf(services);
        fields = List.copyOf(fields);
        channelIds = List.copyOf(channelIds);
    }

    public boolean digest() {
        return DIGEST.equals(delivery);
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
