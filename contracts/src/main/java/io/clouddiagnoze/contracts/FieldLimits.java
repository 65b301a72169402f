package io.clouddiagnoze.contracts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each text an event carries may be, in characters (Unicode code points, as JSON Schema's {@code maxLength}
 * and MariaDB's utf8mb4 {@code VARCHAR} count them). Each event schema states the same figure as its field's
 * {@code maxLength}, and each column that keeps the field is that wide (both checked by tests). Identifiers are
 * sized from AWS's documented formats and never cut; free text from AWS, whose length AWS does not document, is
 * {@linkplain #fit cut} with a visible marker when it would not fit, so that one long value never stops a scan.
 */
public final class FieldLimits {
    /** What ends a cut value: the value is longer than the stored text, which keeps as much as fits before it. */
    public static final String MARKER = "…";

    /** An AWS resource id: {@code i-}, {@code vpc-}, {@code subnet-}, {@code sg-}, {@code ami-} and 17 hex digits. */
    public static final int AWS_ID = 32;
    /** An S3 bucket name or an RDS DB identifier: 63 characters at most, by AWS's naming rules. */
    public static final int AWS_NAME_ID = 63;
    public static final int REGION = 32;
    /** An IPv4 or IPv6 address as text (45 characters for an IPv4-mapped IPv6 address). */
    public static final int IP_ADDRESS = 45;
    public static final int CIDR = 64;
    /**
     * A word AWS chooses from a list it may extend (instance type, state, engine, instance class, status) or a
     * version: real values reach 47 characters ({@code inaccessible-encryption-credentials-recoverable}). 63 is the
     * most a utf8mb4 {@code VARCHAR} holds with a one-byte length, so MariaDB widened the seed's columns in place.
     */
    public static final int AWS_TEXT = 63;
    /** A security group rule's protocol: a name ({@code tcp}) or an IP protocol number, {@code -1} for all. */
    public static final int PROTOCOL = 16;
    /** Tags, as AWS limits them: keys of 128 characters, values of 256. */
    public static final int TAG_KEY = 128;
    public static final int TAG_VALUE = 256;
    /** An IAM role ARN (AWS's limit for any ARN) and the ExternalId auth-service makes for a tenant. */
    public static final int ROLE_ARN = 2048;
    public static final int EXTERNAL_ID = 64;
    /** One region's outcome in words, and the scan run's error that sums them up ({@code scan_runs.error_detail}). */
    public static final int REGION_DETAIL = 1000;
    public static final int ERROR_DETAIL = 4000;
    /** The name of a field that changed between two scans. */
    public static final int FIELD_NAME = 64;
    /** An ISO-8601 instant as text, with nanoseconds and an offset. */
    public static final int INSTANT = 40;
    /** Kafka's own limit on a topic name. */
    public static final int TOPIC = 249;
    /** A refused record's key, type header, and the service that refused it, as a dead letter repeats them. */
    public static final int RECORD_KEY = 256;
    public static final int CE_TYPE = 256;
    public static final int SERVICE_NAME = 64;
    /**
     * How much of a refused record's value a dead letter repeats: enough to read what it was; the whole record stays
     * at the topic, partition and offset the letter names. Even escaped, a letter stays under the broker's 1 MB.
     */
    public static final int DEAD_LETTER_PAYLOAD = 131_072;

    private FieldLimits() {
    }

    /** {@code value} whole when it has at most {@code max} characters, else its first {@code max - 1} and the marker. */
    public static String fit(String value, int max) {
        if (value == null || value.length() <= max || value.codePointCount(0, value.length()) <= max) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, max - 1)) + MARKER;
    }

    /**
     * Tags with every key and value {@linkplain #fit fitted}, unmodifiable; should two keys cut alike meet, the later one
     * wins. None (null: an event of a scanner that did not collect tags) is no tags.
     */
    public static Map<String, String> fitTags(Map<String, String> tags) {
        Map<String, String> fitted = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach((key, value) -> fitted.put(fit(key, TAG_KEY), fit(value, TAG_VALUE)));
        }
        return Map.copyOf(fitted);
    }
}
