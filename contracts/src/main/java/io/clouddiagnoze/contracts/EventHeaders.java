package io.clouddiagnoze.contracts;

/**
 * Kafka record header names. Events use the CloudEvents Kafka binding in binary mode (attributes
 * as {@code ce_*} headers, the event itself as the JSON value); the record key is the tenant id.
 */
public final class EventHeaders {
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SPECVERSION = "1.0";
    public static final String JSON = "application/json";

    /**
     * The signed token of a scan's events (a JWT, audience {@link TenantTokenClaims#AUDIENCE_SCAN_EVENTS}): on a scan
     * request, and on every batch and result of that scan run.
     */
    public static final String TENANT_TOKEN = "cd_tenant_token";
    /** The signed token of a scan request (audience {@link TenantTokenClaims#AUDIENCE_SCAN_REQUEST}): on requests only. */
    public static final String REQUEST_TOKEN = "cd_request_token";

    private EventHeaders() {
    }
}
