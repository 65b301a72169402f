package io.clouddiagnoze.contracts;

/** An event about one scan run of one tenant; its tenant token must name the same tenant, run and service. */
public interface ScanEvent extends TenantEvent {
    long scanRunId();

    ServiceType service();
}
