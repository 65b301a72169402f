package io.clouddiagnoze.contracts.resources;

import io.clouddiagnoze.contracts.FieldLimits;
import java.util.Map;

/**
 * An RDS database instance.
 *
 * @param autoMinorVersionUpgrade whether AWS applies minor engine upgrades in its maintenance window; null when not
 *     known (events of older scanners)
 * @param tags its tags (the TagList DescribeDBInstances answers); empty when it has none, or in events of older scanners
 */
public record RdsInstance(
        String dbIdentifier,
        String engine,
        String engineVersion,
        int storageGb,
        boolean publiclyAccessible,
        int backupRetentionDays,
        boolean storageEncrypted,
        boolean multiAz,
        String instanceClass,
        String status,
        boolean deletionProtection,
        String region,
        Boolean autoMinorVersionUpgrade,
        Map<String, String> tags) implements DiscoveredResource {

    public RdsInstance {
        engine = FieldLimits.fit(engine, FieldLimits.AWS_TEXT);
        engineVersion = FieldLimits.fit(engineVersion, FieldLimits.AWS_TEXT);
        instanceClass = FieldLimits.fit(instanceClass, FieldLimits.AWS_TEXT);
        status = FieldLimits.fit(status, FieldLimits.AWS_TEXT);
        tags = FieldLimits.fitTags(tags);
    }

    @Override
    public String naturalId() {
        return dbIdentifier;
    }
}
