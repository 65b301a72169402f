package io.clouddiagnoze.emulator.state;

import java.time.Instant;
import java.util.Map;

/**
 * An RDS DB instance. {@code load} (idle, steady or busy) shapes its CloudWatch metrics; {@code autoMinorVersionUpgrade}
 * is true unless turned off, as AWS creates instances.
 */
public record Database(String id, String engine, String engineVersion, String instanceClass, int allocatedStorage,
                       boolean publiclyAccessible, int backupRetentionPeriod, boolean storageEncrypted,
                       boolean multiAZ, String status, boolean deletionProtection, String availabilityZone,
                       Instant createTime, String load, Map<String, String> tags, Boolean autoMinorVersionUpgrade) {

    public Database {
        engine = engine == null ? "postgres" : engine;
        engineVersion = engineVersion == null ? "16.3" : engineVersion;
        instanceClass = instanceClass == null ? "db.t3.medium" : instanceClass;
        allocatedStorage = allocatedStorage == 0 ? 20 : allocatedStorage;
        status = status == null ? "available" : status;
        createTime = createTime == null ? Instant.parse("2024-01-10T08:00:00Z") : createTime;
        tags = tags == null ? Map.of() : tags;
        autoMinorVersionUpgrade = autoMinorVersionUpgrade == null || autoMinorVersionUpgrade;
    }

    public int port() {
        return switch (engine) {
            case "postgres", "aurora-postgresql" -> 5432;
            case "sqlserver-ex", "sqlserver-se", "sqlserver-ee", "sqlserver-web" -> 1433;
            case "oracle-ee", "oracle-se2" -> 1521;
            default -> 3306;
        };
    }
}
