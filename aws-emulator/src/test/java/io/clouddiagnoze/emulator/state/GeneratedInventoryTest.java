package io.clouddiagnoze.emulator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratedInventoryTest {

    private static final GeneratorSpec SPEC = GeneratorSpec.parse("accounts=2,instances=100000,buckets=3,vpcs=4,databases=2,seed=42");

    @Test
    void theSameSpecGeneratesTheSameCloud() {
        Inventory first = InventoryGenerator.generate(SPEC);
        Inventory second = InventoryGenerator.generate(SPEC);

        List<Instance> a = first.account("200000000001").region("us-east-1").instances().all();
        List<Instance> b = second.account("200000000001").region("us-east-1").instances().all();
        assertThat(a.get(12_345)).isEqualTo(b.get(12_345));
        assertThat(first.account("200000000002").buckets()).isEqualTo(second.account("200000000002").buckets());
    }

    @Test
    void instanceIdsAreUniqueLookLikeEc2IdsAndLeadBackToTheirInstance() {
        InstanceSet instances = InventoryGenerator.generate(SPEC).account("200000000001").region("us-east-1").instances();
        Set<String> ids = new HashSet<>();
        for (Instance instance : instances.all()) {
            ids.add(instance.id());
        }

        assertThat(ids).hasSize(100_000).allMatch(id -> id.matches("i-[0-9a-f]{17}"));
        Instance sample = instances.all().get(77_777);
        assertThat(instances.byId(sample.id())).contains(sample);
        assertThat(instances.byId("i-00000000000000000")).isEmpty();
    }

    @Test
    void accountsDifferAndInstancesArePlacedInTheirVpcs() {
        Inventory inventory = InventoryGenerator.generate(SPEC);
        RegionInventory first = inventory.account("200000000001").region("us-east-1");
        RegionInventory second = inventory.account("200000000002").region("us-east-1");

        assertThat(first.instances().all().get(0).id()).isNotEqualTo(second.instances().all().get(0).id());
        Set<String> subnets = new HashSet<>();
        first.subnets().forEach(subnet -> subnets.add(subnet.id()));
        assertThat(first.instances().all().subList(0, 1000)).allSatisfy(instance -> {
            assertThat(subnets).contains(instance.subnetId());
            assertThat(instance.securityGroupIds()).allSatisfy(group -> assertThat(first.securityGroup(group)).isPresent());
        });
        assertThat(first.vpcs()).hasSize(4).filteredOn(Vpc::isDefault).hasSize(1);
        assertThat(inventory.role("arn:aws:iam::200000000002:role/CloudDiagnozeScanner"))
                .hasValueSatisfying(role -> assertThat(role.externalId()).isEqualTo("clouddiagnoze-200000000002"));
    }
}
