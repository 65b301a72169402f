package io.clouddiagnoze.emulator.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The EC2 and RDS resources of one account in one region (buckets are account-wide, see {@link Account}). */
public final class RegionInventory {

    public static final RegionInventory EMPTY =
            new RegionInventory(new ListedInstances(List.of()), List.of(), List.of(), List.of());

    private final InstanceSet instances;
    private final List<SecurityGroup> securityGroups;
    private final List<Vpc> vpcs;
    private final List<Vpc.Subnet> subnets;
    private final List<Vpc.FlowLog> flowLogs;
    private final List<Database> databases;
    private final Map<String, SecurityGroup> groupsById;
    private final Map<String, Database> databasesById;

    RegionInventory(InstanceSet instances, List<SecurityGroup> securityGroups, List<Vpc> vpcs,
                    List<Database> databases) {
        this.instances = instances;
        this.securityGroups = List.copyOf(securityGroups);
        this.vpcs = List.copyOf(vpcs);
        this.subnets = vpcs.stream().flatMap(vpc -> vpc.subnets().stream()).toList();
        this.flowLogs = vpcs.stream().flatMap(vpc -> vpc.flowLogs().stream()).toList();
        this.databases = List.copyOf(databases);
        this.groupsById = securityGroups.stream().collect(Collectors.toMap(SecurityGroup::id, Function.identity()));
        this.databasesById = databases.stream().collect(Collectors.toMap(Database::id, Function.identity()));
    }

    /** A region listed in a fixture; instances without a VPC or zone take them from their subnet. */
    static RegionInventory listed(List<Instance> instances, List<SecurityGroup> securityGroups, List<Vpc> vpcs,
                                  List<Database> databases) {
        Map<String, Vpc.Subnet> subnetsById = vpcs.stream().flatMap(vpc -> vpc.subnets().stream())
                .collect(Collectors.toMap(Vpc.Subnet::id, Function.identity()));
        List<Instance> placed = instances.stream().map(instance -> {
            Vpc.Subnet subnet = subnetsById.get(instance.subnetId());
            if (subnet == null) {
                return instance;
            }
            return instance.placedIn(
                    instance.vpcId() == null ? subnet.vpcId() : instance.vpcId(),
                    instance.availabilityZone() == null ? subnet.availabilityZone() : instance.availabilityZone());
        }).toList();
        return new RegionInventory(new ListedInstances(placed), securityGroups, vpcs, databases);
    }

    public InstanceSet instances() {
        return instances;
    }

    public List<SecurityGroup> securityGroups() {
        return securityGroups;
    }

    public Optional<SecurityGroup> securityGroup(String groupId) {
        return Optional.ofNullable(groupsById.get(groupId));
    }

    public List<Vpc> vpcs() {
        return vpcs;
    }

    public List<Vpc.Subnet> subnets() {
        return subnets;
    }

    public List<Vpc.FlowLog> flowLogs() {
        return flowLogs;
    }

    public List<Database> databases() {
        return databases;
    }

    public Optional<Database> database(String identifier) {
        return Optional.ofNullable(databasesById.get(identifier));
    }
}
