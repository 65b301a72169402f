package io.clouddiagnoze.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.events.FieldChange;
import io.clouddiagnoze.contracts.events.Finding;
import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.notification.model.Alert;
import io.clouddiagnoze.notification.model.Channel;
import io.clouddiagnoze.notification.repository.DigestRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the alert of an event: its lasting id, and the JSON a webhook receives, with {@code id}, {@code type},
 * {@code tenantId}, {@code occurredAt}, a one-line {@code summary}, the {@code resource} (service, region, id and tags),
 * the event's fields ({@code finding}, or the resource's {@code changes} before and after) and a {@code link} to the
 * resource's page in the console.
 */
@ApplicationScoped
public class Alerts {
    private final ObjectMapper json;
    private final String consoleUrl;

    Alerts(ObjectMapper json, @ConfigProperty(name = "clouddiagnoze.alerts.console-url") String consoleUrl) {
        this.json = json;
        this.consoleUrl = consoleUrl.replaceAll("/+$", "");
    }

    /** The alert of a finding opened or resolved; null for a mute or an unmute, which nobody is alerted of. */
    public Alert of(FindingChanged event) {
        String type = switch (event.change()) {
            case OPENED -> Alert.FINDING_OPENED;
            case RESOLVED -> Alert.FINDING_RESOLVED;
            case MUTED, UNMUTED -> null;
        };
        if (type == null) {
            return null;
        }
        Finding finding = event.finding();
        String id = "finding:" + event.sequence();
        return new Alert(id, type, event.tenantId(), finding.service().id(), finding.severity(), Set.of(),
                () -> findingBody(id, type, event));
    }

    private String findingBody(String id, String type, FindingChanged event) {
        Finding finding = event.finding();
        String summary = "Finding " + event.change().name().toLowerCase(Locale.ROOT) + " (" + finding.severity() + "): "
                + finding.title() + " on " + finding.service().id() + " " + finding.resourceId() + " in " + finding.region();
        Map<String, Object> body = header(id, type, event.tenantId(), event.changedAt(), summary);
        body.put("resource", resource(finding.service().id(), finding.region(), finding.resourceId(), event.resourceTags()));
        body.put("finding", finding);
        body.put("link", link(finding.service().id(), finding.resourceId()));
        return write(body);
    }

    /** The alert of a resource added, changed or removed. */
    public Alert of(ResourceChanged event) {
        String service = event.service().id();
        String id = "resource:" + event.scanRunId() + ":" + service + ":" + event.region() + ":" + event.resourceId();
        Set<String> fields = event.fields().stream().map(FieldChange::field).collect(Collectors.toSet());
        return new Alert(id, Alert.RESOURCE_CHANGED, event.tenantId(), service, null, fields, () -> resourceBody(id, event));
    }

    private String resourceBody(String id, ResourceChanged event) {
        String service = event.service().id();
        String what = event.fields().isEmpty() ? ""
                : ": " + event.fields().stream().map(change -> change.field() + " " + change.before() + " → " + change.after())
                        .collect(Collectors.joining(", "));
        String summary = "Resource " + event.change().name().toLowerCase(Locale.ROOT) + ": " + service + " " + event.resourceId()
                + " in " + event.region() + what;
        Map<String, Object> body = header(id, Alert.RESOURCE_CHANGED, event.tenantId(), event.detectedAt(), summary);
        Map<String, Object> resource = resource(service, event.region(), event.resourceId(), event.tags());
        resource.put("change", event.change());
        resource.put("scanRunId", event.scanRunId());
        resource.put("previousScanRunId", event.previousScanRunId());
        body.put("resource", resource);
        body.put("changes", event.fields());
        body.put("link", link(service, event.resourceId()));
        return write(body);
    }

    /**
     * The digest of a rule's alerts for a channel: {@code alerts}, each as it would have been sent alone, in the order they
     * were matched, under a summary that counts them.
     */
    public Alert digest(DigestRepository.Due due, List<DigestRepository.Item> items, Instant at) {
        String id = "digest:" + due.ruleId() + ":" + due.channelId() + ":" + items.get(0).id();
        return new Alert(id, Alert.DIGEST, due.tenantId(), null, null, Set.of(), () -> {
            Map<String, Object> body = header(id, Alert.DIGEST, due.tenantId(), at, items.size() + (items.size() == 1 ? " alert" : " alerts")
                    + " from the rule \"" + due.ruleName() + "\" since " + items.get(0).matchedAt());
            body.put("rule", Map.of("id", due.ruleId(), "name", due.ruleName()));
            List<JsonNode> alerts = new ArrayList<>();
            for (DigestRepository.Item item : items) {
                alerts.add(read(item.alert()));
            }
            body.put("alerts", alerts);
            return write(body);
        });
    }

    /** The message {@code POST /api/alerts/channels/{id}/test} sends to {@code channel}. */
    public Alert test(Channel channel, Instant at) {
        String id = "test:" + channel.id() + ":" + at.toEpochMilli();
        return new Alert(id, Alert.TEST, channel.tenantId(), null, null, Set.of(), () -> write(header(id, Alert.TEST, channel.tenantId(), at,
                "Test alert from CloudDiagnoze to the channel \"" + channel.name() + "\"")));
    }

    private static Map<String, Object> resource(String service, String region, String resourceId, Map<String, String> tags) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("service", service);
        resource.put("region", region);
        resource.put("resourceId", resourceId);
        resource.put("tags", new TreeMap<>(tags));
        return resource;
    }

    private static Map<String, Object> header(String id, String type, long tenant, Instant at, String summary) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", type);
        body.put("tenantId", tenant);
        body.put("occurredAt", at);
        body.put("summary", summary);
        return body;
    }

    private String link(String service, String resourceId) {
        return consoleUrl + "/#/resources/" + service + "/" + URLEncoder.encode(resourceId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An alert as stored for its deliveries and digests, read back. */
    public JsonNode read(String alert) {
        try {
            return json.readTree(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored alert is not JSON", e);
        }
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the alert is not writable as JSON", e);
        }
    }
}
