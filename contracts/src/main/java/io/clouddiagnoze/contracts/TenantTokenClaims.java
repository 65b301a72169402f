package io.clouddiagnoze.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Claim names of the JWTs CloudDiagnoze issues: access tokens and scan-scoped tenant tokens. */
public final class TenantTokenClaims {
    /**
     * The audience of a scan request's token: it lets a scanner assume the role it names, for that scan only, within
     * the scan timeout. It travels on {@code scan-requests.*} alone, and no other token can start a scan.
     */
    public static final String AUDIENCE_SCAN_REQUEST = "clouddiagnoze-scan-request";
    /**
     * The audience of a scan's event token: what a scanner found for that scan run may be stored under its tenant. It
     * rides on the request for the scanner to put on its {@code resources-discovered} and {@code scan-results}.
     */
    public static final String AUDIENCE_SCAN_EVENTS = "clouddiagnoze-scan-events";
    /** The audience of a user's access token: the HTTP APIs, as that user's tenant. */
    public static final String AUDIENCE_API = "clouddiagnoze-api";
    /** The audience of the scheduler's service token: the scheduled-scans endpoint, and nothing a tenant owns. */
    public static final String AUDIENCE_SCHEDULER = "clouddiagnoze-scheduler";
    /** The role a scan request's token allows: {@link #roleDigest} of the request's role ARN and ExternalId. */
    public static final String ROLE = "scan_role";
    /** The tenant id (the owning user's id, as a string); required in every token a service accepts. */
    public static final String TENANT = "tenant";
    /** The scan run a scan-scoped token is valid for. */
    public static final String SCAN_RUN = "scan_run";
    /** The service ({@link ServiceType#id()}) a scan-scoped token is valid for. */
    public static final String SERVICE = "scan_service";
    /** Role names, as SmallRye JWT reads them. */
    public static final String GROUPS = "groups";

    /** Group of a scan-scoped token carried by scan events. */
    public static final String GROUP_SCAN = "scan";
    /** Group of a tenant's user. */
    public static final String GROUP_USER = "user";
    /** Group of the machine token used by scheduled scans. */
    public static final String GROUP_SCHEDULER = "scheduler";

    private TenantTokenClaims() {
    }

    /**
     * What a scan request's token says of the role to assume: a SHA-256 of the role ARN and the ExternalId (Base64url),
     * so that the token binds both without carrying the ExternalId once more.
     */
    public static String roleDigest(String roleArn, String externalId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((roleArn + "\n" + externalId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
