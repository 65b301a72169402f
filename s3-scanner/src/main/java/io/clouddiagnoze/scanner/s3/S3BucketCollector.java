package io.clouddiagnoze.scanner.s3;

import io.clouddiagnoze.aws.AwsErrors;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.contracts.resources.S3Bucket.Encryption;
import io.clouddiagnoze.contracts.resources.S3Bucket.PublicAccessBlock;
import io.clouddiagnoze.scanner.scan.AwsTags;
import io.clouddiagnoze.scanner.scan.ResourceCollector;
import io.clouddiagnoze.scanner.scan.ScanSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketAclRequest;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLocationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusRequest;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * S3 buckets. S3 is account-wide: the buckets are listed once per scan and each is placed in its region;
 * a region's scan then reads the settings of its own buckets (encryption, versioning and MFA Delete, public access
 * block, policy status, ACL, whether the policy refuses plain HTTP, tags) and their sizes from CloudWatch ({@link BucketSizes});
 * each carries whether its account blocks public access ({@link AccountPublicAccessBlock}).
 */
@ApplicationScoped
public class S3BucketCollector implements ResourceCollector {
    private static final Set<String> PUBLIC_GROUPS = Set.of("http://acs.amazonaws.com/groups/global/AllUsers",
            "http://acs.amazonaws.com/groups/global/AuthenticatedUsers");
    /** Buckets whose sizes are asked of CloudWatch together. */
    private static final int SIZE_CHUNK = 100;

    private final BucketSizes sizes;
    private final AccountPublicAccessBlock accountBlock;
    private final String platformRegion;
    private final boolean pathStyle;
    private final int bucketConcurrency;

    S3BucketCollector(BucketSizes sizes, AccountPublicAccessBlock accountBlock,
                      @ConfigProperty(name = "clouddiagnoze.aws.region") String platformRegion,
                      @ConfigProperty(name = "clouddiagnoze.aws.s3-path-style") boolean pathStyle,
                      @ConfigProperty(name = "clouddiagnoze.scanner.bucket-concurrency") int bucketConcurrency) {
        this.sizes = sizes;
        this.accountBlock = accountBlock;
        this.platformRegion = platformRegion;
        this.pathStyle = pathStyle;
        this.bucketConcurrency = bucketConcurrency;
    }

    @Override
    public Multi<DiscoveredResource> collect(ScanSession session, String region) {
        S3AsyncClient s3 = s3(session, region);
        return Uni.combine().all().unis(session.once("buckets", this::listBuckets), accountBlock.blocksEverything(session)).asTuple()
                .onItem().transformToMulti(account -> Multi.createFrom().iterable(account.getItem1().stream()
                        .filter(bucket -> bucket.region().equals(region)).toList())
                        .group().intoLists().of(SIZE_CHUNK)
                        .onItem().transformToMultiAndConcatenate(chunk -> sizes.latest(session, region, names(chunk))
                                .onItem().transformToMulti(sizeByName -> Multi.createFrom().iterable(chunk)
                                        .onItem().transformToUni(bucket -> describe(session, s3, bucket, sizeByName.get(bucket.name()),
                                                account.getItem2().orElse(null)))
                                        .merge(bucketConcurrency))))
                .filter(Optional::isPresent)
                .map(Optional::get);
    }

    /** Every bucket of the account with its region: ListBuckets, then GetBucketLocation where no region is given. */
    private Uni<List<ListedBucket>> listBuckets(ScanSession session) {
        S3AsyncClient s3 = s3(session, platformRegion);
        return session.pages(s3.listBucketsPaginator(ListBucketsRequest.builder().maxBuckets(session.pageSize()).build()))
                .onItem().transformToIterable(page -> page.buckets())
                .onItem().transformToUni(bucket -> bucket.bucketRegion() != null && !bucket.bucketRegion().isEmpty()
                        ? Uni.createFrom().item(new ListedBucket(bucket.name(), bucket.bucketRegion(), bucket.creationDate()))
                        : session.call(() -> s3.getBucketLocation(GetBucketLocationRequest.builder().bucket(bucket.name()).build()))
                                .map(location -> new ListedBucket(bucket.name(), regionOf(location.locationConstraintAsString()),
                                        bucket.creationDate())))
                .merge(bucketConcurrency)
                .collect().asList();
    }

    /** A bucket's settings, read at once; empty when the bucket went away since it was listed. */
    private Uni<Optional<DiscoveredResource>> describe(ScanSession session, S3AsyncClient s3, ListedBucket bucket, BigDecimal sizeGb,
                                                       Boolean accountBlocksPublicAccess) {
        String name = bucket.name();
        Uni<Encryption> encryption = orWhenAbsent(session.call(() -> s3.getBucketEncryption(GetBucketEncryptionRequest.builder()
                .bucket(name).build())).map(answer -> encryptionOf(answer.serverSideEncryptionConfiguration().rules())),
                "ServerSideEncryptionConfigurationNotFoundError", Encryption.NONE);
        Uni<GetBucketVersioningResponse> versioning = session.call(() -> s3.getBucketVersioning(
                GetBucketVersioningRequest.builder().bucket(name).build()));
        Uni<Optional<PublicAccessBlock>> block = orWhenAbsent(session.call(() -> s3.getPublicAccessBlock(
                GetPublicAccessBlockRequest.builder().bucket(name).build()))
                .map(answer -> Optional.of(blockOf(answer.publicAccessBlockConfiguration()))),
                "NoSuchPublicAccessBlockConfiguration", Optional.empty());
        Uni<Boolean> publicPolicy = orWhenAbsent(session.call(() -> s3.getBucketPolicyStatus(
                GetBucketPolicyStatusRequest.builder().bucket(name).build()))
                .map(answer -> Boolean.TRUE.equals(answer.policyStatus().isPublic())), "NoSuchBucketPolicy", false);
        Uni<Boolean> publicAcl = session.call(() -> s3.getBucketAcl(GetBucketAclRequest.builder().bucket(name).build()))
                .map(answer -> answer.grants().stream().anyMatch(S3BucketCollector::grantsThePublic));
        Uni<Boolean> requiresTls = orWhenAbsent(session.call(() -> s3.getBucketPolicy(
                GetBucketPolicyRequest.builder().bucket(name).build()))
                .map(answer -> SecureTransportPolicy.requiresTls(answer.policy())), "NoSuchBucketPolicy", false);
        Uni<Map<String, String>> tags = orWhenAbsent(session.call(() -> s3.getBucketTagging(
                GetBucketTaggingRequest.builder().bucket(name).build()))
                .map(answer -> AwsTags.asMap(answer.tagSet(), Tag::key, Tag::value)), "NoSuchTagSet", Map.of());
        Uni<Optional<DiscoveredResource>> described = Uni.combine().all()
                .unis(encryption, versioning, block, publicPolicy, publicAcl, requiresTls, tags)
                .with((enc, versions, accessBlock, policyIsPublic, aclIsPublic, tlsOnly, tagSet) -> Optional.of(new S3Bucket(name,
                        bucket.region(), publiclyAccessible(policyIsPublic, aclIsPublic, accessBlock.orElse(null)), enc,
                        versions.status() == BucketVersioningStatus.ENABLED, accessBlock.orElse(null), bucket.creationDate(), sizeGb,
                        tlsOnly, versions.mfaDelete() == MFADeleteStatus.ENABLED, accountBlocksPublicAccess, tagSet)));
        return orWhenAbsent(described, "NoSuchBucket", Optional.empty());
    }

    /**
     * Public when a public policy or a public ACL grant is in force: the bucket's block restricts public
     * policies ({@code RestrictPublicBuckets}) and ignores public ACLs ({@code IgnorePublicAcls}).
     */
    private static boolean publiclyAccessible(boolean publicPolicy, boolean publicAcl, PublicAccessBlock block) {
        boolean policyInForce = publicPolicy && (block == null || !block.restrictPublicBuckets());
        boolean aclInForce = publicAcl && (block == null || !block.ignorePublicAcls());
        return policyInForce || aclInForce;
    }

    private static boolean grantsThePublic(Grant grant) {
        return grant.grantee() != null && grant.grantee().type() == Type.GROUP && PUBLIC_GROUPS.contains(grant.grantee().uri());
    }

    private static Encryption encryptionOf(List<ServerSideEncryptionRule> rules) {
        return rules.stream().filter(rule -> rule.applyServerSideEncryptionByDefault() != null)
                .map(rule -> rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                .map(algorithm -> algorithm.startsWith("aws:kms") ? Encryption.SSE_KMS : Encryption.SSE_S3)
                .findFirst().orElse(Encryption.NONE);
    }

    private static PublicAccessBlock blockOf(PublicAccessBlockConfiguration block) {
        return new PublicAccessBlock(Boolean.TRUE.equals(block.blockPublicAcls()), Boolean.TRUE.equals(block.ignorePublicAcls()),
                Boolean.TRUE.equals(block.blockPublicPolicy()), Boolean.TRUE.equals(block.restrictPublicBuckets()));
    }

    /** A location constraint as a region: empty is us-east-1 and {@code EU} is eu-west-1, for historical reasons. */
    static String regionOf(String locationConstraint) {
        if (locationConstraint == null || locationConstraint.isEmpty()) {
            return "us-east-1";
        }
        return locationConstraint.equals("EU") ? "eu-west-1" : locationConstraint;
    }

    /** S3 answers "not configured" with an error: that is data, the fallback, not a failure. */
    private static <T> Uni<T> orWhenAbsent(Uni<T> call, String absentCode, T fallback) {
        return call.onFailure(failure -> absentCode.equals(AwsErrors.code(failure))).recoverWithItem(fallback);
    }

    private S3AsyncClient s3(ScanSession session, String region) {
        return session.client(region, () -> S3AsyncClient.builder().forcePathStyle(pathStyle));
    }

    private static List<String> names(List<ListedBucket> buckets) {
        return buckets.stream().map(ListedBucket::name).toList();
    }

    private record ListedBucket(String name, String region, Instant creationDate) {
    }
}
