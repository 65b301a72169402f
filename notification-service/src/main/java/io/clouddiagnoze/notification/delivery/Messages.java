package io.clouddiagnoze.notification.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.notification.service.Alerts;
import io.quarkus.mailer.Mail;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Slack channel and an email channel receive of an alert (the JSON a webhook receives): its summary, the resource
 * with its region and tags, the evidence or the fields' before and after, the remediation, and the link to the console; of a
 * digest, its summary and a line for each alert it carries, with its link.
 */
@ApplicationScoped
public class Messages {
    private static final int SLACK_HEADER_MAX = 150;
    private static final int SLACK_TEXT_MAX = 3000;

    private final ObjectMapper json;
    private final Alerts alerts;

    Messages(ObjectMapper json, Alerts alerts) {
        this.json = json;
        this.alerts = alerts;
    }

    /** A Slack incoming-webhook message with blocks, and the summary as its notification text. */
    public String slack(String alert) {
        JsonNode node = alerts.read(alert);
        ObjectNode message = json.createObjectNode().put("text", node.path("summary").asText());
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", cut(node.path("summary").asText(), SLACK_HEADER_MAX));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", cut(escape(String.join("\n", details(node))), SLACK_TEXT_MAX));
        if (node.hasNonNull("link")) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject().put("type", "button")
                    .put("url", node.path("link").asText());
            button.putObject("text").put("type", "plain_text").put("text", "Open in CloudDiagnoze");
        }
        return message.toString();
    }

    /** A plain-text mail to {@code addresses}. */
    public Mail email(String alert, List<String> addresses) {
        JsonNode node = alerts.read(alert);
        List<String> lines = new ArrayList<>(details(node));
        if (node.hasNonNull("link")) {
            lines.add("");
            lines.add("Open in CloudDiagnoze: " + node.path("link").asText());
        }
        return new Mail().setTo(addresses).setSubject("[CloudDiagnoze] " + node.path("summary").asText())
                .setText(String.join("\n", lines) + "\n");
    }

    /** The lines that say what happened, to what, and what to do. */
    static List<String> details(JsonNode alert) {
        List<String> lines = new ArrayList<>();
        lines.add(alert.path("summary").asText());
        JsonNode finding = alert.path("finding");
        // A finding's alert stored before alerts carried the resource names it in the finding.
        JsonNode resource = alert.path("resource").isObject() ? alert.path("resource") : finding;
        if (resource.isObject()) {
            lines.add("Resource: " + resource.path("service").asText() + " " + resource.path("resourceId").asText() + " in "
                    + resource.path("region").asText());
            List<String> tags = new ArrayList<>();
            resource.path("tags").fields().forEachRemaining(tag -> tags.add(tag.getKey() + "=" + tag.getValue().asText()));
            if (!tags.isEmpty()) {
                lines.add("Tags: " + String.join(", ", tags));
            }
        }
        if (finding.isObject()) {
            lines.add("Check: " + finding.path("checkId").asText() + " (" + finding.path("severity").asText() + ")");
            finding.path("evidence").fields().forEachRemaining(field -> lines.add("Evidence: " + field.getKey() + " = " + field.getValue()));
            if (!finding.path("remediation").asText().isEmpty()) {
                lines.add("Remediation: " + finding.path("remediation").asText());
            }
        } else if (alert.path("alerts").isArray()) {
            alert.path("alerts").forEach(item -> lines.add("- " + item.path("summary").asText()
                    + (item.hasNonNull("link") ? " (" + item.path("link").asText() + ")" : "")));
        } else {
            alert.path("changes").forEach(change -> lines.add("Changed: " + change.path("field").asText() + ": "
                    + change.path("before") + " → " + change.path("after")));
        }
        lines.add("Occurred at: " + alert.path("occurredAt").asText());
        return lines;
    }

    /** Slack's mrkdwn reads &, < and > as markup. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
