package io.clouddiagnoze.contracts.resources;

/** An RDS database instance. */
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
        String region) implements DiscoveredResource {

    @Override
    public String naturalId() {
        return dbIdentifier;
    }
}
