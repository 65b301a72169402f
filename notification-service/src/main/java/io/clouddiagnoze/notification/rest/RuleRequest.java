package io.clouddiagnoze.notification.rest;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.notification.model.Alert;
import io.clouddiagnoze.notification.model.Rule;
import io.clouddiagnoze.notification.model.Severity;
import io.clouddiagnoze.service.problem.ProblemException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A rule as a client creates or saves it: {@code {"name": "...", "events": ["finding.opened"], "minSeverity": "high",
 * "services": ["s3"], "channelIds": [1], "delivery": "immediate"}}, and for {@code resource.changed} the {@code fields}
 * whose change it alerts on ({@code ["is_public"]}). {@code services} and {@code fields} empty or absent: all;
 * {@code minSeverity} absent: low; {@code delivery} absent: immediate; {@code "delivery": "digest"} with
 * {@code "digestHours": N} (1 to 168) gathers what the rule matches into one message every N hours.
 */
public record RuleRequest(String name, List<String> events, String minSeverity, List<String> services, List<String> fields,
                          List<Long> channelIds, String delivery, Integer digestHours) {
    private static final int MAX_CHANNELS = 20;
    private static final int MAX_FIELDS = 50;
    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** The rule this asks for (id 0), once every field has been checked; a 400 problem naming the field otherwise. */
    Rule validated() {
        ChannelRequest.requireName(name);
        List<String> eventTypes = distinct("events", events);
        if (eventTypes.isEmpty() || !Alert.MATCHABLE.containsAll(eventTypes)) {
            throw ProblemException.invalidField("events", "must name one or more of " + String.join(", ", Alert.MATCHABLE));
        }
        String severity = minSeverity == null ? "low" : minSeverity;
        if (!Severity.ASCENDING.contains(severity)) {
            throw ProblemException.invalidField("minSeverity", "must be low, medium, high or critical");
        }
        List<String> serviceIds = distinct("services", services);
        serviceIds.stream().filter(id -> ServiceType.fromId(id).map(ServiceType::id).filter(id::equals).isEmpty()).findFirst()
                .ifPresent(bad -> {
                    throw ProblemException.invalidField("services", "names no service: " + bad + " (ec2, s3, vpc or rds)");
                });
        List<String> fieldNames = distinct("fields", fields);
        if (!fieldNames.isEmpty() && !eventTypes.contains(Alert.RESOURCE_CHANGED)) {
            throw ProblemException.invalidField("fields", "are the fields of resource.changed, which events does not name");
        }
        if (fieldNames.size() > MAX_FIELDS || !fieldNames.stream().allMatch(field -> FIELD.matcher(field).matches())) {
            throw ProblemException.invalidField("fields", "must be up to " + MAX_FIELDS + " field names such as is_public");
        }
        List<Long> channels = distinct("channelIds", channelIds);
        if (channels.isEmpty() || channels.size() > MAX_CHANNELS) {
            throw ProblemException.invalidField("channelIds", "must name 1 to " + MAX_CHANNELS + " of your channels");
        }
        String chosen = delivery == null ? Rule.IMMEDIATE : delivery;
        if (!chosen.equals(Rule.IMMEDIATE) && !chosen.equals(Rule.DIGEST)) {
            throw ProblemException.invalidField("delivery", "must be immediate or digest");
        }
        if (chosen.equals(Rule.DIGEST) && (digestHours == null || digestHours < 1 || digestHours > Rule.MOST_DIGEST_HOURS)) {
            throw ProblemException.invalidField("digestHours", "must be 1 to " + Rule.MOST_DIGEST_HOURS + " for a digest");
        }
        if (chosen.equals(Rule.IMMEDIATE) && digestHours != null) {
            throw ProblemException.invalidField("digestHours", "is for a digest, and delivery is immediate");
        }
        return new Rule(0, name, eventTypes, severity, serviceIds, fieldNames, channels, chosen, digestHours);
    }

    private static <T> List<T> distinct(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        if (values.contains(null) || values.stream().distinct().count() != values.size()) {
            throw ProblemException.invalidField(field, "must not hold null or the same value twice");
        }
        return List.copyOf(values);
    }
}
