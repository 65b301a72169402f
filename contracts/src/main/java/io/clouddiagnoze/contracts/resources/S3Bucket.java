package io.clouddiagnoze.contracts.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.clouddiagnoze.contracts.FieldLimits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * An S3 bucket.
 *
 * @param publiclyAccessible whether its policy or ACL grants public access that its public access
 *     block does not block
 * @param publicAccessBlock the bucket-level block, or null when the bucket has none
 * @param totalSizeGb the latest stored size over every storage class, or null when CloudWatch had none
 * @param secureTransportRequired whether its bucket policy denies every request not made over TLS
 *     ({@code aws:SecureTransport} false); false without a policy, null when not known (events of older scanners)
 * @param mfaDeleteEnabled whether its versioning configuration requires MFA to delete versions or to change
 *     versioning; null when not known
 * @param accountBlocksPublicAccess whether its account turns on all four account-level Block Public Access settings;
 *     null when not known (the role may not read them, or events of older scanners)
 * @param tags its tags (GetBucketTagging); empty when it has none, or in events of older scanners
 */
public record S3Bucket(
        String bucketName,
        String region,
        boolean publiclyAccessible,
        Encryption encryption,
        boolean versioningEnabled,
        PublicAccessBlock publicAccessBlock,
        Instant creationDate,
        BigDecimal totalSizeGb,
        Boolean secureTransportRequired,
        Boolean mfaDeleteEnabled,
        Boolean accountBlocksPublicAccess,
        Map<String, String> tags) implements DiscoveredResource {

    public S3Bucket {
        tags = FieldLimits.fitTags(tags);
    }

    @Override
    public String naturalId() {
        return bucketName;
    }

    /** Default encryption of new objects. */
    public enum Encryption {
        @JsonProperty("none") NONE,
        @JsonProperty("sse-s3") SSE_S3,
        @JsonProperty("sse-kms") SSE_KMS
    }

    /** The four flags of a bucket's public access block. */
    public record PublicAccessBlock(
            boolean blockPublicAcls,
            boolean ignorePublicAcls,
            boolean blockPublicPolicy,
            boolean restrictPublicBuckets) {

        public boolean blocksEverything() {
            return blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets;
        }
    }
}
