package io.clouddiagnoze.scanner.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.emulator.state.Account;
import io.clouddiagnoze.emulator.state.Instance;
import io.clouddiagnoze.testsupport.ScannerContractTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ec2-scanner end to end: a request from Kafka in, the account's instances out, through the real SDK. */
@QuarkusTest
class Ec2ScannerTest extends ScannerContractTest {

    Ec2ScannerTest() {
        super(ServiceType.EC2, "ec2", "DescribeInstances");
    }

    @Override
    protected List<Located> expectedResources(Account account) {
        return inEveryRegion(account, region -> region.instances().all(), Instance::id);
    }

    @Test
    void securityExposureIsCollectedPerInstance() {
        List<Ec2Instance> found = scanDemo(Ec2Instance.class);
        Account demo = demoAccount();

        for (Ec2Instance instance : found) {
            Instance expected = demo.region(instance.region()).instances().byId(instance.instanceId()).orElseThrow();
            assertThat(instance.imdsV2Required()).as(instance.instanceId()).isEqualTo("required".equals(expected.httpTokens()));
            assertThat(instance.publicIp()).as(instance.instanceId()).isEqualTo(expected.publicIp());
            assertThat(instance.state()).isEqualTo(expected.state());
            assertThat(instance.tags()).isEqualTo(expected.tags());
            assertThat(instance.securityGroupIds()).containsExactlyInAnyOrderElementsOf(expected.securityGroupIds());
        }
        assertThat(found).anySatisfy(i -> assertThat(i.openIngress()).anySatisfy(rule -> {
            assertThat(rule.opens(22)).isTrue();
            assertThat(rule.cidr()).isIn("0.0.0.0/0", "::/0");
        }));
        assertThat(found).anySatisfy(i -> assertThat(i.openIngress()).anySatisfy(rule -> assertThat(rule.opens(3389)).isTrue()));
        assertThat(found).anySatisfy(i -> assertThat(i.imdsV2Required()).isFalse());
    }
}
