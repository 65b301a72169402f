package io.clouddiagnoze.emulator.state;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instances computed from (seed, account, region, index) each time they are read, so a region of
 * 100,000 instances costs a few objects of memory. Ids are a bijection of the index, so an id maps
 * back to its index without any lookup table.
 */
final class GeneratedInstances implements InstanceSet {

    private static final long INDEX_BITS_MASK = (1L << 36) - 1;
    // Any odd multiplier permutes the 36-bit index space; the inverse undoes it for id lookups.
    private static final long PERMUTATION = 0x9E3779B97L | 1;
    private static final long INVERSE = inverse(PERMUTATION);
    private static final String[] TYPES = {"t3.micro", "t3.small", "t3.medium", "m5.large", "m5.xlarge",
        "c5.large", "c5.2xlarge", "r5.large", "t4g.small", "m6i.large"};
    private static final String[] IMAGES = {"ami-0c55b159cbfafe1f0", "ami-0a887e401f7654935", "ami-04b9e92b5572fa0d1",
        "ami-02354e95b39ca8dec", "ami-0947d2ba12ee1ff75"};
    private static final String[] ENVIRONMENTS = {"prod", "staging", "dev"};
    private static final String[] TEAMS = {"payments", "search", "platform", "data", "web"};
    private static final Instant FIRST_LAUNCH = Instant.parse("2023-01-01T00:00:00Z");
    private static final long LAUNCH_WINDOW_SECONDS = 600L * 86_400;

    private final long base;
    private final String idPrefix;
    private final int count;
    private final List<Vpc> vpcs;
    private final Map<String, List<SecurityGroup>> groupsByVpc;
    private final List<Instance> all = new AbstractList<>() {
        @Override
        public Instance get(int index) {
            return generate(index);
        }

        @Override
        public int size() {
            return count;
        }
    };

    /** {@code groupsByVpc} lists each VPC's groups with the group every instance joins first. */
    GeneratedInstances(long base, int count, List<Vpc> vpcs, Map<String, List<SecurityGroup>> groupsByVpc) {
        this.base = base;
        this.idPrefix = "i-" + hex(base >>> 32, 8);
        this.count = count;
        this.vpcs = vpcs;
        this.groupsByVpc = groupsByVpc;
    }

    @Override
    public List<Instance> all() {
        return all;
    }

    @Override
    public Optional<Instance> byId(String instanceId) {
        if (instanceId.length() != idPrefix.length() + 9 || !instanceId.startsWith(idPrefix)) {
            return Optional.empty();
        }
        try {
            long permuted = Long.parseLong(instanceId.substring(idPrefix.length()), 16);
            long index = ((permuted * INVERSE) & INDEX_BITS_MASK) - 1;
            return index >= 0 && index < count ? Optional.of(generate((int) index)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Instance generate(int index) {
        long hash = Hashing.of(base, index);
        Vpc vpc = vpcs.get(index % vpcs.size());
        Vpc.Subnet subnet = vpc.subnets().get((int) Long.remainderUnsigned(hash, vpc.subnets().size()));
        List<SecurityGroup> groups = groupsByVpc.get(vpc.id());
        SecurityGroup extra = groups.get((int) Long.remainderUnsigned(hash >>> 8, groups.size()));
        List<String> groupIds = extra == groups.get(0)
                ? List.of(extra.id()) : List.of(groups.get(0).id(), extra.id());
        boolean running = percent(hash, 16) >= 8;
        String cidr = subnet.cidrBlock();
        String network = cidr.substring(0, cidr.indexOf('.', cidr.indexOf('.') + 1));
        return new Instance(
                idPrefix + hex(((index + 1L) * PERMUTATION) & INDEX_BITS_MASK, 9),
                TYPES[(int) Long.remainderUnsigned(hash >>> 20, TYPES.length)],
                running ? "running" : "stopped",
                network + "." + ((index >>> 8) & 255) + "." + (index & 255),
                running && percent(hash, 28) < 30 ? "3." + ((index >>> 16) & 255) + "." + ((index >>> 8) & 255) + "." + (index & 255) : null,
                vpc.id(),
                subnet.id(),
                subnet.availabilityZone(),
                IMAGES[(int) Long.remainderUnsigned(hash >>> 36, IMAGES.length)],
                FIRST_LAUNCH.plusSeconds(Long.remainderUnsigned(hash >>> 4, LAUNCH_WINDOW_SECONDS)),
                percent(hash, 40) < 70 ? "required" : "optional",
                groupIds,
                Map.of("Name", "gen-" + index,
                        "Environment", ENVIRONMENTS[(int) Long.remainderUnsigned(hash >>> 48, ENVIRONMENTS.length)],
                        "Team", TEAMS[(int) Long.remainderUnsigned(hash >>> 52, TEAMS.length)]),
                // Instances launched together share a reservation: pairs here.
                "r-" + hex(Hashing.of(base, index / 2), 16) + "0",
                null);
    }

    private static int percent(long hash, int shift) {
        return (int) Long.remainderUnsigned(hash >>> shift, 100);
    }

    static String hex(long value, int digits) {
        String text = Long.toHexString(value);
        return text.length() >= digits ? text.substring(text.length() - digits) : "0".repeat(digits - text.length()) + text;
    }

    private static long inverse(long odd) {
        long inverse = odd;
        for (int i = 0; i < 5; i++) {
            inverse *= 2 - odd * inverse;
        }
        return inverse;
    }
}
