package io.clouddiagnoze.scanner.scan;

import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.smallrye.mutiny.Multi;

/**
 * What one scanner collects: every resource of its kind in one region of a tenant's account, streamed page
 * by page (never the whole account in memory). Each scanner has exactly one collector bean.
 */
public interface ResourceCollector {

    Multi<DiscoveredResource> collect(ScanSession session, String region);
}
