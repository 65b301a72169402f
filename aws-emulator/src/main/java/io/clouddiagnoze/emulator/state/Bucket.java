package io.clouddiagnoze.emulator.state;

import java.time.Instant;
import java.util.List;

/**
 * An S3 bucket and the settings scanners read. {@code encryption} is null, {@code AES256} or
 * {@code aws:kms}; {@code versioning} null (never enabled), {@code Enabled} or {@code Suspended};
 * {@code policyPublic} null when the bucket has no policy; {@code acl} a canned ACL name.
 * {@code storageClasses} are the CloudWatch StorageType values BucketSizeBytes is reported for.
 */
public record Bucket(String name, String region, Instant creationDate, String encryption, String kmsKeyId,
                     String versioning, PublicAccessBlock publicAccessBlock, Boolean policyPublic, String acl,
                     boolean requestMetrics, List<String> storageClasses, long sizeBytes, long objectCount) {

    public Bucket {
        creationDate = creationDate == null ? Instant.parse("2023-06-01T00:00:00Z") : creationDate;
        acl = acl == null ? "private" : acl;
        storageClasses = storageClasses == null || storageClasses.isEmpty()
                ? List.of("StandardStorage") : List.copyOf(storageClasses);
    }

    public Bucket in(String regionName) {
        return new Bucket(name, regionName, creationDate, encryption, kmsKeyId, versioning, publicAccessBlock,
                policyPublic, acl, requestMetrics, storageClasses, sizeBytes, objectCount);
    }

    /** The four S3 Block Public Access switches. */
    public record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls,
                                    boolean blockPublicPolicy, boolean restrictPublicBuckets) {
    }
}
