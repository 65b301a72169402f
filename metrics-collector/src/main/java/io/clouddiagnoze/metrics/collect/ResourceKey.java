package io.clouddiagnoze.metrics.collect;

/** A resource of a scan as its metrics name it: DB identifiers repeat across regions, so the region is part of it. */
public record ResourceKey(String region, String naturalId) {
}
