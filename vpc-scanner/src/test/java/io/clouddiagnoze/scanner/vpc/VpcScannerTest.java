package io.clouddiagnoze.scanner.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.Vpc;
import io.clouddiagnoze.emulator.state.Account;
import io.clouddiagnoze.emulator.state.RegionInventory;
import io.clouddiagnoze.testsupport.ScannerContractTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vpc-scanner end to end: a request from Kafka in, the account's VPCs out, through the real SDK. */
@QuarkusTest
class VpcScannerTest extends ScannerContractTest {

    VpcScannerTest() {
        super(ServiceType.VPC, "ec2", "DescribeVpcs");
    }

    @Override
    protected List<Located> expectedResources(Account account) {
        return inEveryRegion(account, RegionInventory::vpcs, io.clouddiagnoze.emulator.state.Vpc::id);
    }

    @Test
    void eachVpcComesWithItsSubnetCountCidrBlocksTagsAndFlowLogs() {
        List<Vpc> found = scanDemo(Vpc.class);
        Account demo = demoAccount();

        assertThat(found).hasSize(5);
        for (Vpc vpc : found) {
            var expected = demo.region(vpc.region()).vpcs().stream().filter(v -> v.id().equals(vpc.vpcId())).findFirst().orElseThrow();
            assertThat(vpc.cidrBlock()).isEqualTo(expected.cidrBlock());
            assertThat(vpc.additionalCidrBlocks()).isEqualTo(expected.additionalCidrBlocks());
            assertThat(vpc.defaultVpc()).as(vpc.vpcId()).isEqualTo(expected.isDefault());
            assertThat(vpc.subnetCount()).as(vpc.vpcId()).isEqualTo(expected.subnets().size()).isPositive();
            assertThat(vpc.flowLogsEnabled()).as(vpc.vpcId()).isEqualTo(!expected.flowLogs().isEmpty());
            assertThat(vpc.state()).isEqualTo("available");
            assertThat(vpc.tags()).isEqualTo(expected.tags());
        }
        assertThat(found).filteredOn(vpc -> !vpc.flowLogsEnabled()).extracting(Vpc::vpcId).containsExactly("vpc-0d1e2f3a4b5c60003");
        assertThat(found).filteredOn(vpc -> vpc.vpcId().equals("vpc-0d1e2f3a4b5c60002")).singleElement()
                .satisfies(vpc -> assertThat(vpc.additionalCidrBlocks()).containsExactly("10.100.0.0/16"));
    }

    /** As AWS creates it, a default group admits all traffic from itself and lets all out; the prod VPC's has no rule left. */
    @Test
    void eachVpcComesWithTheRulesOfItsDefaultSecurityGroup() {
        List<Vpc> found = scanDemo(Vpc.class);

        assertThat(found).hasSize(5).allSatisfy(vpc -> {
            int rules = vpc.vpcId().equals("vpc-0d1e2f3a4b5c60002") ? 0 : 1;
            assertThat(vpc.defaultSecurityGroupIngressRules()).as(vpc.vpcId()).isEqualTo(rules);
            assertThat(vpc.defaultSecurityGroupEgressRules()).as(vpc.vpcId()).isEqualTo(rules);
        });
    }
}
