package io.clouddiagnoze.emulator.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One AWS account's resources: per-region EC2 and RDS inventories, its buckets (S3 is account-wide) and its
 * account-level S3 Block Public Access (null when the account never set it).
 */
public final class Account {

    private final String id;
    private final Map<String, RegionInventory> regions;
    private final List<Bucket> buckets;
    private final Map<String, Bucket> bucketsByName;
    private final Bucket.PublicAccessBlock publicAccessBlock;

    Account(String id, Map<String, RegionInventory> regions, List<Bucket> buckets, Bucket.PublicAccessBlock publicAccessBlock) {
        this.id = id;
        this.publicAccessBlock = publicAccessBlock;
        this.regions = Map.copyOf(regions);
        this.buckets = List.copyOf(buckets);
        this.bucketsByName = buckets.stream().collect(Collectors.toMap(Bucket::name, Function.identity()));
    }

    /** An account with no resources, as the platform's own account and unknown accounts are. */
    public static Account empty(String id) {
        return new Account(id, Map.of(), List.of(), null);
    }

    public String id() {
        return id;
    }

    /** The region's resources; a region the account never used is empty, as in AWS. */
    public RegionInventory region(String name) {
        return regions.getOrDefault(name, RegionInventory.EMPTY);
    }

    /** The regions where the account has EC2, VPC or RDS resources (buckets name their own). */
    public Set<String> regionNames() {
        return regions.keySet();
    }

    public List<Bucket> buckets() {
        return buckets;
    }

    public Bucket.PublicAccessBlock publicAccessBlock() {
        return publicAccessBlock;
    }

    public Optional<Bucket> bucket(String name) {
        return Optional.ofNullable(bucketsByName.get(name));
    }

    /** The same resources owned by another account; resources are immutable, so they are shared. */
    public Account copyFor(String accountId) {
        return new Account(accountId, regions, buckets, publicAccessBlock);
    }
}
