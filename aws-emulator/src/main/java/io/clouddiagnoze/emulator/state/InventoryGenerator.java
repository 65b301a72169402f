package io.clouddiagnoze.emulator.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds accounts from a {@link GeneratorSpec}: VPCs, security groups, buckets and databases are
 * materialized (there are few), instances are generated on demand. The same spec gives the same cloud.
 */
public final class InventoryGenerator {

    /** The role every generated account trusts the platform with; its ExternalId is {@code clouddiagnoze-<account>}. */
    public static final String ROLE_NAME = "CloudDiagnozeScanner";
    private static final long FIRST_ACCOUNT = 200_000_000_001L;
    // Oracle's version, like the status some databases are given below, is a real value longer than 32 characters.
    private static final String[] ENGINES = {"postgres", "mysql", "mariadb", "oracle-ee"};
    private static final String[] ENGINE_VERSIONS = {"16.3", "8.0.36", "10.11.8", "19.0.0.0.ru-2024-04.rur-2024-04.r1"};
    private static final String[] DB_CLASSES = {"db.t3.medium", "db.m5.large", "db.r6g.xlarge", "db.t4g.micro"};

    private InventoryGenerator() {
    }

    public static Inventory generate(GeneratorSpec spec) {
        List<Account> accounts = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        for (int i = 0; i < spec.accounts(); i++) {
            String accountId = Long.toString(FIRST_ACCOUNT + i);
            accounts.add(account(spec, accountId));
            roles.add(new Role("arn:aws:iam::" + accountId + ":role/" + ROLE_NAME, "clouddiagnoze-" + accountId));
        }
        return new Inventory(accounts, roles);
    }

    /** One account's resources, in every region of the spec. */
    public static Account account(GeneratorSpec spec, String accountId) {
        Map<String, RegionInventory> regions = new HashMap<>();
        List<Bucket> buckets = new ArrayList<>();
        for (String region : spec.regions()) {
            long base = Hashing.of(spec.seed(), Hashing.of(accountId), Hashing.of(region));
            SplittableRandom random = new SplittableRandom(base);
            List<Vpc> vpcs = vpcs(spec.vpcs(), region, random);
            Map<String, List<SecurityGroup>> groupsByVpc = new LinkedHashMap<>();
            vpcs.forEach(vpc -> groupsByVpc.put(vpc.id(), securityGroups(vpc, random)));
            List<SecurityGroup> groups = groupsByVpc.values().stream().flatMap(List::stream).toList();
            regions.put(region, new RegionInventory(
                    new GeneratedInstances(base, spec.instances(), vpcs, groupsByVpc),
                    groups, vpcs, databases(spec.databases(), region, random)));
            for (int i = 0; i < spec.buckets(); i++) {
                buckets.add(bucket("cd-gen-" + region + "-" + accountId + "-" + i, region, random));
            }
        }
        return new Account(accountId, regions, buckets, null);
    }

    private static List<Vpc> vpcs(int count, String region, SplittableRandom random) {
        List<Vpc> vpcs = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            boolean isDefault = v == 0;
            String vpcId = id("vpc", random);
            String network = isDefault ? "172.31" : "10." + (v % 256);
            List<Vpc.Subnet> subnets = new ArrayList<>();
            for (int z = 0; z < 3; z++) {
                subnets.add(new Vpc.Subnet(id("subnet", random), vpcId, network + "." + (z * 32) + ".0/19",
                        region + (char) ('a' + z), isDefault, isDefault, 8000 + random.nextInt(180),
                        Map.of("Name", "gen-subnet-" + v + "-" + z)));
            }
            List<Vpc.FlowLog> flowLogs = random.nextInt(100) < 70
                    ? List.of(new Vpc.FlowLog(id("fl", random), vpcId, "ALL", "cloud-watch-logs",
                            "arn:aws:logs:" + region + ":000000000000:log-group:vpc-flow-logs", null))
                    : List.of();
            vpcs.add(new Vpc(vpcId, network + ".0.0/16", List.of(), isDefault, "available",
                    Map.of("Name", isDefault ? "default" : "gen-vpc-" + v), subnets, flowLogs));
        }
        return vpcs;
    }

    /** The VPC's groups; the first (web) is the one every generated instance joins. */
    private static List<SecurityGroup> securityGroups(Vpc vpc, SplittableRandom random) {
        String suffix = vpc.id().substring(4, 10);
        String defaultGroupId = id("sg", random);
        List<SecurityGroup> groups = new ArrayList<>();
        groups.add(new SecurityGroup(id("sg", random), "web-" + suffix, "HTTP and HTTPS from anywhere", vpc.id(),
                List.of(open("tcp", 80), open("tcp", 443)), null, Map.of()));
        groups.add(new SecurityGroup(defaultGroupId, "default", "default VPC security group", vpc.id(),
                List.of(new SecurityGroup.Permission("-1", null, null, null, null, List.of(defaultGroupId))),
                null, Map.of()));
        if (random.nextInt(100) < 30) {
            groups.add(new SecurityGroup(id("sg", random), "ssh-" + suffix, "SSH from anywhere", vpc.id(),
                    List.of(open("tcp", 22)), null, Map.of()));
        }
        if (random.nextInt(100) < 10) {
            groups.add(new SecurityGroup(id("sg", random), "rdp-" + suffix, "RDP from anywhere", vpc.id(),
                    List.of(open("tcp", 3389)), null, Map.of()));
        }
        return groups;
    }

    private static SecurityGroup.Permission open(String protocol, int port) {
        return new SecurityGroup.Permission(protocol, port, port, List.of("0.0.0.0/0"), List.of("::/0"), null);
    }

    private static Bucket bucket(String name, String region, SplittableRandom random) {
        int encryption = random.nextInt(100);
        int versioning = random.nextInt(100);
        int accessBlock = random.nextInt(100);
        int policy = random.nextInt(100);
        long sizeBytes = (long) Math.pow(10, 6 + random.nextDouble() * 6.5);
        return new Bucket(name, region, Instant.parse("2022-01-01T00:00:00Z").plusSeconds(random.nextLong(60_000_000L)),
                encryption < 70 ? "AES256" : encryption < 90 ? "aws:kms" : null,
                null,
                versioning < 60 ? "Enabled" : versioning < 70 ? "Suspended" : null,
                null,
                accessBlock < 60 ? new Bucket.PublicAccessBlock(true, true, true, true)
                        : accessBlock < 80 ? new Bucket.PublicAccessBlock(true, true, false, false) : null,
                policy < 50 ? null : policy < 92 ? BucketPolicies.denyInsecureTransport(name) : BucketPolicies.publicRead(name),
                policy < 50 ? null : policy >= 92,
                random.nextInt(100) < 8 ? "public-read" : "private",
                random.nextInt(100) < 10,
                random.nextInt(100) < 30 ? List.of("StandardStorage", "StandardIAStorage") : List.of("StandardStorage"),
                sizeBytes,
                Math.max(1, sizeBytes / 250_000),
                Map.of("generated-by", "aws-emulator"));
    }

    private static List<Database> databases(int count, String region, SplittableRandom random) {
        List<Database> databases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int engine = random.nextInt(ENGINES.length);
            databases.add(new Database(String.format("gen-db-%04d", i), ENGINES[engine], ENGINE_VERSIONS[engine],
                    DB_CLASSES[random.nextInt(DB_CLASSES.length)], 20 + 10 * random.nextInt(50),
                    random.nextInt(100) < 10, random.nextInt(100) < 10 ? 1 : 7 + random.nextInt(29),
                    random.nextInt(100) < 80, random.nextInt(100) < 40,
                    i % 4 == 3 ? "inaccessible-encryption-credentials" : "available", random.nextInt(100) < 50,
                    region + (char) ('a' + random.nextInt(3)), null, null, Map.of(), null));
        }
        return databases;
    }

    private static String id(String prefix, SplittableRandom random) {
        return prefix + "-" + GeneratedInstances.hex(random.nextLong(), 16) + Integer.toHexString(random.nextInt(16));
    }
}
