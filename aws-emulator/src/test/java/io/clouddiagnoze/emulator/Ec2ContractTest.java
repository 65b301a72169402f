package io.clouddiagnoze.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockAssociation;

class Ec2ContractTest {

    private static final String PROD_VPC = "vpc-0d1e2f3a4b5c60002";
    private static final String LEGACY_VPC = "vpc-0d1e2f3a4b5c60003";

    private static AwsClients virginia;
    private static AwsClients ireland;
    private static Ec2Client ec2;

    @BeforeAll
    static void clients() {
        SharedEmulator.admin().reset();
        virginia = AwsClients.demoTenant(Region.US_EAST_1);
        ireland = AwsClients.demoTenant(Region.EU_WEST_1);
        ec2 = virginia.ec2();
    }

    @AfterAll
    static void close() {
        virginia.close();
        ireland.close();
    }

    @Test
    void describeRegionsListsTheDefaultEnabledRegions() {
        List<String> regions = ec2.describeRegions().regions().stream().map(software.amazon.awssdk.services.ec2.model.Region::regionName).toList();

        assertThat(regions).hasSize(17).contains("us-east-1", "eu-west-1", "ap-southeast-2");
        assertThat(ec2.describeRegions(request -> request.regionNames("eu-west-1")).regions())
                .singleElement().satisfies(region -> {
                    assertThat(region.endpoint()).isEqualTo("ec2.eu-west-1.amazonaws.com");
                    assertThat(region.optInStatus()).isEqualTo("opt-in-not-required");
                });
    }

    @Test
    void thePaginatorReturnsEveryInstanceOfTheRegionExactlyOnceAcrossPages() {
        List<DescribeInstancesResponse> pages = new ArrayList<>();
        ec2.describeInstancesPaginator(request -> request.maxResults(5)).forEach(pages::add);
        List<String> ids = pages.stream().flatMap(page -> page.reservations().stream())
                .flatMap(reservation -> reservation.instances().stream()).map(Instance::instanceId).toList();

        assertThat(pages).hasSize(3);
        assertThat(ids).hasSize(14).doesNotHaveDuplicates();
    }

    @Test
    void theAsyncClientPagesTheOtherRegionsInstances() {
        List<String> ids = new ArrayList<>();
        ireland.ec2Async().describeInstancesPaginator(request -> request.maxResults(5))
                .reservations().flatMapIterable(Reservation::instances)
                .subscribe(instance -> ids.add(instance.instanceId())).join();

        assertThat(ids).hasSize(6).doesNotHaveDuplicates().allMatch(id -> id.startsWith("i-0b2e"));
    }

    @Test
    void anInstanceCarriesWhatScannersRead() {
        Instance web = instance("web-1");

        assertThat(web.instanceId()).isEqualTo("i-0a1f2e3d4c5b60001");
        assertThat(web.instanceTypeAsString()).isEqualTo("t3.medium");
        assertThat(web.state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(web.state().code()).isEqualTo(16);
        assertThat(web.publicIpAddress()).isEqualTo("54.210.10.11");
        assertThat(web.privateIpAddress()).isEqualTo("10.0.1.11");
        assertThat(web.vpcId()).isEqualTo(PROD_VPC);
        assertThat(web.subnetId()).isEqualTo("subnet-0d1e2f3a4b5c61011");
        assertThat(web.placement().availabilityZone()).isEqualTo("us-east-1a");
        assertThat(web.imageId()).isEqualTo("ami-0c55b159cbfafe1f0");
        assertThat(web.launchTime()).isEqualTo(Instant.parse("2024-03-04T10:15:00Z"));
        assertThat(web.metadataOptions().httpTokens()).isEqualTo(HttpTokensState.REQUIRED);
        assertThat(web.securityGroups()).singleElement().satisfies(group -> {
            assertThat(group.groupId()).isEqualTo("sg-0a0b0c0d0e0f00010");
            assertThat(group.groupName()).isEqualTo("web");
        });
        assertThat(web.tags()).anySatisfy(tag -> assertThat(tag.key() + "=" + tag.value()).isEqualTo("Team=web"));

        Instance bastion = instance("bastion");
        assertThat(bastion.metadataOptions().httpTokens()).isEqualTo(HttpTokensState.OPTIONAL);
        Instance stopped = instance("worker-2");
        assertThat(stopped.state().code()).isEqualTo(80);
        assertThat(stopped.publicIpAddress()).isNull();
    }

    @Test
    void instancesLaunchedTogetherShareAReservation() {
        List<Reservation> reservations = ec2.describeInstances().reservations();

        assertThat(reservations).hasSize(12);
        assertThat(reservations).anySatisfy(reservation -> {
            assertThat(reservation.reservationId()).isEqualTo("r-0a1f2e3d4c5b6f001");
            assertThat(reservation.ownerId()).isEqualTo(SharedEmulator.DEMO_ACCOUNT);
            assertThat(reservation.instances()).extracting(Instance::instanceId)
                    .containsExactly("i-0a1f2e3d4c5b60001", "i-0a1f2e3d4c5b60002");
        });
    }

    @Test
    void filtersNarrowTheInstances() {
        assertThat(names(filter("instance-id", "i-0a1f2e3d4c5b60005"))).containsExactly("bastion");
        assertThat(names(filter("vpc-id", LEGACY_VPC))).containsExactlyInAnyOrder("legacy-win", "legacy-app");
        assertThat(names(filter("tag:Environment", "dev"))).containsExactlyInAnyOrder("dev-sandbox", "ci-runner");
        assertThat(names(filter("tag:Name", "web-*"))).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(names(filter("tag-key", "Team"))).hasSize(14);
        assertThat(names(filter("tag-key", "Owner"))).isEmpty();
        assertThat(names(filter("instance-state-name", "stopped"))).containsExactly("worker-2");
        assertThat(names(request -> request.filters(
                Filter.builder().name("vpc-id").values(PROD_VPC).build(),
                Filter.builder().name("tag:Team").values("payments", "data").build())))
                .containsExactlyInAnyOrder("app-1", "app-2", "worker-1", "worker-2", "batch-1");
    }

    @Test
    void instanceIdsSelectInstancesAndAnUnknownIdIsNotFound() {
        assertThat(names(request -> request.instanceIds("i-0a1f2e3d4c5b60003", "i-0a1f2e3d4c5b60004")))
                .containsExactlyInAnyOrder("app-1", "app-2");

        assertThatThrownBy(() -> ec2.describeInstances(request -> request.instanceIds("i-0000000000000dead")))
                .isInstanceOfSatisfying(Ec2Exception.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
                    assertThat(error.awsErrorDetails().errorMessage()).contains("i-0000000000000dead");
                });
    }

    @Test
    void anUnknownFilterAndAnOutOfRangePageSizeAreInvalidParameterValues() {
        assertThatThrownBy(() -> ec2.describeInstances(filter("colour", "blue")))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> ec2.describeInstances(request -> request.maxResults(2)))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }

    @Test
    void describeVpcsMarksTheDefaultVpc() {
        List<Vpc> vpcs = ec2.describeVpcs().vpcs();

        assertThat(vpcs).extracting(Vpc::vpcId)
                .containsExactlyInAnyOrder("vpc-0d1e2f3a4b5c60001", PROD_VPC, LEGACY_VPC);
        assertThat(ec2.describeVpcs(request -> request.filters(Filter.builder().name("is-default").values("true").build()))
                .vpcs()).singleElement().satisfies(vpc -> {
                    assertThat(vpc.isDefault()).isTrue();
                    assertThat(vpc.cidrBlock()).isEqualTo("172.31.0.0/16");
                    assertThat(vpc.ownerId()).isEqualTo(SharedEmulator.DEMO_ACCOUNT);
                });
        assertThat(vpcs).filteredOn(vpc -> vpc.vpcId().equals(PROD_VPC)).singleElement()
                .satisfies(vpc -> assertThat(vpc.cidrBlockAssociationSet()).extracting(VpcCidrBlockAssociation::cidrBlock)
                        .containsExactly("10.0.0.0/16", "10.100.0.0/16"));
    }

    @Test
    void describeSubnetsFiltersByVpc() {
        assertThat(ec2.describeSubnets(request -> request.filters(Filter.builder().name("vpc-id").values(PROD_VPC).build()))
                .subnets()).hasSize(4).allSatisfy(subnet -> assertThat(subnet.vpcId()).isEqualTo(PROD_VPC));
        assertThat(ec2.describeSubnets().subnets()).hasSize(9);
    }

    @Test
    void securityGroupsCarryTheirIngressRules() {
        Map<String, SecurityGroup> groups = ec2.describeSecurityGroups().securityGroups().stream()
                .collect(Collectors.toMap(SecurityGroup::groupName, group -> group, (first, second) -> first));

        IpPermission ssh = groups.get("ssh-open").ipPermissions().get(0);
        assertThat(ssh.ipProtocol()).isEqualTo("tcp");
        assertThat(ssh.fromPort()).isEqualTo(22);
        assertThat(ssh.toPort()).isEqualTo(22);
        assertThat(ssh.ipRanges()).singleElement().satisfies(range -> assertThat(range.cidrIp()).isEqualTo("0.0.0.0/0"));
        assertThat(ssh.ipv6Ranges()).singleElement().satisfies(range -> assertThat(range.cidrIpv6()).isEqualTo("::/0"));
        assertThat(groups.get("rdp-open").ipPermissions().get(0).fromPort()).isEqualTo(3389);
        assertThat(groups.get("app").ipPermissions().get(0).userIdGroupPairs())
                .singleElement().satisfies(pair -> assertThat(pair.groupId()).isEqualTo("sg-0a0b0c0d0e0f00010"));
        assertThat(groups.get("web").ipPermissionsEgress()).singleElement()
                .satisfies(egress -> assertThat(egress.ipProtocol()).isEqualTo("-1"));

        assertThat(ec2.describeSecurityGroups(request -> request.filters(
                Filter.builder().name("group-id").values("sg-0a0b0c0d0e0f00020").build())).securityGroups())
                .singleElement().satisfies(group -> assertThat(group.vpcId()).isEqualTo(LEGACY_VPC));
        assertThatThrownBy(() -> ec2.describeSecurityGroups(request -> request.groupIds("sg-0000000000000dead")))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound"));
    }

    /** As AWS creates it, a VPC's default group admits all traffic from itself and lets all out; prod's has no rule left. */
    @Test
    void everyVpcHasOneDefaultSecurityGroup() {
        for (Vpc vpc : ec2.describeVpcs().vpcs()) {
            List<SecurityGroup> defaults = ec2.describeSecurityGroups(request -> request.filters(
                    Filter.builder().name("vpc-id").values(vpc.vpcId()).build(),
                    Filter.builder().name("group-name").values("default").build())).securityGroups();
            assertThat(defaults).as(vpc.vpcId()).hasSize(1);
        }
        SecurityGroup legacy = ec2.describeSecurityGroups(request -> request.filters(
                Filter.builder().name("vpc-id").values(LEGACY_VPC).build(),
                Filter.builder().name("group-name").values("default").build())).securityGroups().get(0);
        assertThat(legacy.ipPermissions()).singleElement().satisfies(self -> {
            assertThat(self.ipProtocol()).isEqualTo("-1");
            assertThat(self.userIdGroupPairs()).singleElement().satisfies(pair -> assertThat(pair.groupId()).isEqualTo(legacy.groupId()));
        });
        assertThat(legacy.ipPermissionsEgress()).singleElement().satisfies(all -> assertThat(all.ipRanges())
                .singleElement().satisfies(range -> assertThat(range.cidrIp()).isEqualTo("0.0.0.0/0")));
        SecurityGroup prod = ec2.describeSecurityGroups(request -> request.groupIds("sg-0a0b0c0d0e0f00002")).securityGroups().get(0);
        assertThat(prod.ipPermissions()).isEmpty();
        assertThat(prod.ipPermissionsEgress()).isEmpty();
    }

    @Test
    void flowLogsShowWhichVpcsHaveNone() {
        assertThat(ec2.describeFlowLogs().flowLogs()).hasSize(2);
        assertThat(ec2.describeFlowLogs(request -> request.filter(
                Filter.builder().name("resource-id").values(LEGACY_VPC).build())).flowLogs()).isEmpty();
        assertThat(ec2.describeFlowLogs(request -> request.filter(
                Filter.builder().name("resource-id").values(PROD_VPC).build())).flowLogs())
                .singleElement().satisfies(flowLog -> {
                    assertThat(flowLog.logDestinationTypeAsString()).isEqualTo("s3");
                    assertThat(flowLog.trafficTypeAsString()).isEqualTo("ALL");
                    assertThat(flowLog.flowLogStatus()).isEqualTo("ACTIVE");
                });
    }

    @Test
    void anOperationTheEmulatorLacksIsAnErrorNamingIt() {
        assertThatThrownBy(() -> ec2.describeVolumes())
                .isInstanceOfSatisfying(Ec2Exception.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                    assertThat(error.awsErrorDetails().errorMessage()).contains("DescribeVolumes");
                });
    }

    private static Instance instance(String name) {
        return instances(filter("tag:Name", name)).get(0);
    }

    private static List<String> names(Consumer<DescribeInstancesRequest.Builder> request) {
        return instances(request).stream().map(instance -> instance.tags().stream()
                .filter(tag -> tag.key().equals("Name")).findFirst().orElseThrow().value()).toList();
    }

    private static List<Instance> instances(Consumer<DescribeInstancesRequest.Builder> request) {
        return ec2.describeInstancesPaginator(request).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream()).toList();
    }

    private static Consumer<DescribeInstancesRequest.Builder> filter(String name, String value) {
        return request -> request.filters(Filter.builder().name(name).values(value).build());
    }
}
