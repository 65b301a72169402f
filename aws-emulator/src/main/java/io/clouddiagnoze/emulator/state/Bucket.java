package io.clouddiagnoze.emulator.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An S3 bucket and the settings scanners read. {@code encryption} is null, {@code AES256} or
 * {@code aws:kms}; {@code versioning} null (never enabled), {@code Enabled} or {@code Suspended};
 * {@code mfaDelete} null (never set), {@code Enabled} or {@code Disabled}; {@code policy} the bucket policy document,
 * null when the bucket has none, and {@code policyPublic} whether AWS would judge it public (the emulator does not
 * evaluate policies; false unless said); {@code acl} a canned ACL name. {@code storageClasses} are the CloudWatch
 * StorageType values BucketSizeBytes is reported for. {@code tags} its tag set, empty when it has none.
 */
public record Bucket(String name, String region, Instant creationDate, String encryption, String kmsKeyId,
                     String versioning, String mfaDelete, PublicAccessBlock publicAccessBlock, JsonNode policy,
                     Boolean policyPublic, String acl, boolean requestMetrics, List<String> storageClasses, long sizeBytes,
                     long objectCount, Map<String, String> tags) {

    public Bucket {
        creationDate = creationDate == null ? Instant.parse("2023-06-01T00:00:00Z") : creationDate;
        if (policy == null && policyPublic != null) {
            throw new IllegalArgumentException("bucket " + name + " says whether its policy is public but gives no policy");
        }
        policyPublic = policy == null ? null : Boolean.TRUE.equals(policyPublic);
        acl = acl == null ? "private" : acl;
        storageClasses = storageClasses == null || storageClasses.isEmpty()
                ? List.of("StandardStorage") : List.copyOf(storageClasses);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public Bucket in(String regionName) {
        return new Bucket(name, regionName, creationDate, encryption, kmsKeyId, versioning, mfaDelete, publicAccessBlock, policy,
                policyPublic, acl, requestMetrics, storageClasses, sizeBytes, objectCount, tags);
    }

    /** The four S3 Block Public Access switches. */
    public record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls,
                                    boolean blockPublicPolicy, boolean restrictPublicBuckets) {
    }
}
