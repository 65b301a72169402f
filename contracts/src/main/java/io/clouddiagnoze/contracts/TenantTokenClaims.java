package io.clouddiagnoze.contracts;

/** Claim names of the JWTs CloudDiagnoze issues: access tokens and scan-scoped tenant tokens. */
public final class TenantTokenClaims {
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
}
