package io.clouddiagnoze.notification.model;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One event to alert on, as rules match it, with the JSON body a webhook receives, written only when a rule matches (most
 * events match none), and once however many deliveries and digests take it.
 *
 * @param id names the event for good: a redelivered or replayed event has the same id
 * @param type {@code finding.opened}, {@code finding.resolved} or {@code resource.changed}
 * @param service the AWS service's id ({@code s3})
 * @param severity the finding's; null for a resource change
 * @param fields the fields a resource change changed; empty for a finding
 * @param body writes the alert as JSON
 */
public record Alert(String id, String type, long tenantId, String service, String severity, Set<String> fields, Supplier<String> body) {
    public static final String FINDING_OPENED = "finding.opened";
    public static final String FINDING_RESOLVED = "finding.resolved";
    public static final String RESOURCE_CHANGED = "resource.changed";
    /** The type of the message that carries a digest rule's alerts. */
    public static final String DIGEST = "digest";
    /** The type of the message {@code POST /api/alerts/channels/{id}/test} sends. */
    public static final String TEST = "test";
    /** The types a rule may name. */
    public static final List<String> MATCHABLE = List.of(FINDING_OPENED, FINDING_RESOLVED, RESOURCE_CHANGED);

    public Alert {
        fields = Set.copyOf(fields);
        body = once(body);
    }

    private static Supplier<String> once(Supplier<String> write) {
        return new Supplier<>() {
            private String written;

            @Override
            public synchronized String get() {
                if (written == null) {
                    written = write.get();
                }
                return written;
            }
        };
    }
}
