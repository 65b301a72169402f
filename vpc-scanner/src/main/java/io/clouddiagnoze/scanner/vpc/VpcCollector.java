package io.clouddiagnoze.scanner.vpc;

import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.contracts.resources.Vpc;
import io.clouddiagnoze.scanner.scan.AwsTags;
import io.clouddiagnoze.scanner.scan.ResourceCollector;
import io.clouddiagnoze.scanner.scan.ScanSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeFlowLogsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockAssociation;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockStateCode;

/**
 * VPCs with their subnet count, whether active flow logs record their traffic, and the rules of their default security
 * group: the region's flow logs, subnets and default groups are tallied first (DescribeFlowLogs, DescribeSubnets,
 * DescribeSecurityGroups named {@code default}), then VPCs page by page (DescribeVpcs).
 */
@ApplicationScoped
public class VpcCollector implements ResourceCollector {
    @Override
    public Multi<DiscoveredResource> collect(ScanSession session, String region) {
        Ec2AsyncClient ec2 = session.client(region, Ec2AsyncClient::builder);
        return Uni.combine().all().unis(vpcsWithFlowLogs(session, ec2), subnetCounts(session, ec2), defaultGroups(session, ec2))
                .asTuple()
                .onItem().transformToMulti(tallies -> session
                        .pages(ec2.describeVpcsPaginator(DescribeVpcsRequest.builder().maxResults(session.pageSize()).build()))
                        .onItem().transformToIterable(page -> page.vpcs().stream()
                                .map(vpc -> (DiscoveredResource) toResource(vpc, region, tallies.getItem1(), tallies.getItem2(),
                                        tallies.getItem3().get(vpc.vpcId())))
                                .toList()));
    }

    /** The VPCs of the region that an active flow log records. */
    private static Uni<Set<String>> vpcsWithFlowLogs(ScanSession session, Ec2AsyncClient ec2) {
        return session.pages(ec2.describeFlowLogsPaginator(DescribeFlowLogsRequest.builder().maxResults(session.pageSize()).build()))
                .onItem().transformToIterable(page -> page.flowLogs())
                .filter(log -> "ACTIVE".equalsIgnoreCase(log.flowLogStatus()))
                .map(FlowLog::resourceId)
                .collect().in(HashSet::new, Set::add);
    }

    private static Uni<Map<String, Integer>> subnetCounts(ScanSession session, Ec2AsyncClient ec2) {
        return session.pages(ec2.describeSubnetsPaginator(DescribeSubnetsRequest.builder().maxResults(session.pageSize()).build()))
                .onItem().transformToIterable(page -> page.subnets())
                .map(Subnet::vpcId)
                .collect().in(HashMap::new, (counts, vpcId) -> counts.merge(vpcId, 1, Integer::sum));
    }

    /** The default security group of each VPC of the region, by VPC id. */
    private static Uni<Map<String, SecurityGroup>> defaultGroups(ScanSession session, Ec2AsyncClient ec2) {
        return session.pages(ec2.describeSecurityGroupsPaginator(DescribeSecurityGroupsRequest.builder()
                        .filters(Filter.builder().name("group-name").values("default").build()).maxResults(session.pageSize()).build()))
                .onItem().transformToIterable(page -> page.securityGroups())
                .filter(group -> group.vpcId() != null)
                .collect().in(HashMap::new, (groups, group) -> groups.put(group.vpcId(), group));
    }

    /** A group's rules as AWS counts them (DescribeSecurityGroupRules): one per source or destination of each permission. */
    private static int rules(List<IpPermission> permissions) {
        return permissions.stream().mapToInt(permission -> permission.ipRanges().size() + permission.ipv6Ranges().size()
                + permission.userIdGroupPairs().size() + permission.prefixListIds().size()).sum();
    }

    private static Vpc toResource(software.amazon.awssdk.services.ec2.model.Vpc vpc, String region, Set<String> withFlowLogs,
                                  Map<String, Integer> subnetCounts, SecurityGroup defaultGroup) {
        return new Vpc(
                vpc.vpcId(),
                vpc.cidrBlock(),
                vpc.cidrBlockAssociationSet().stream()
                        .filter(association -> association.cidrBlockState() == null
                                || association.cidrBlockState().state() == VpcCidrBlockStateCode.ASSOCIATED)
                        .map(VpcCidrBlockAssociation::cidrBlock)
                        .filter(cidr -> !cidr.equals(vpc.cidrBlock()))
                        .toList(),
                Boolean.TRUE.equals(vpc.isDefault()),
                subnetCounts.getOrDefault(vpc.vpcId(), 0),
                vpc.stateAsString(),
                region,
                AwsTags.asMap(vpc.tags(), Tag::key, Tag::value),
                withFlowLogs.contains(vpc.vpcId()),
                defaultGroup == null ? null : rules(defaultGroup.ipPermissions()),
                defaultGroup == null ? null : rules(defaultGroup.ipPermissionsEgress()));
    }
}
