package io.clouddiagnoze.contracts;

/** An event about one tenant's data, keyed by that tenant on its topic. */
public interface TenantEvent {
    long tenantId();
}
