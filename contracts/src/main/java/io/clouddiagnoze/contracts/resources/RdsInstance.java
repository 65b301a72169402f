package io.clouddiagnoze.contracts.resources;

import io.clouddiagnoze.contracts.FieldLimits;

/**
 * An RDS database instance.
 *
 * @param autoMinorVersionUpgrade whether AWS applies minor engine upgrades in its maintenance window; null when not
 *     known (events of older scanners)
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
        Boolean autoMinorVersionUpgrade) implements DiscoveredResource {

    public RdsInstance {
        engine = FieldLimits.fit(engine, FieldLimits.AWS_TEXT);
        engineVersion = FieldLimits.fit(engineVersion, FieldLimits.AWS_TEXT);
        instanceClass = FieldLimits.fit(instanceClass, FieldLimits.AWS_TEXT);
        status = FieldLimits.fit(status, FieldLimits.AWS_TEXT);
    }

    @Override
    public String naturalId() {
        return dbIdentifier;
    }
}
