package io.clouddiagnoze.contracts.events;

/** One field of a resource whose value differs between two scans; values are plain JSON values. */
public record FieldChange(String field, Object before, Object after) {
}
