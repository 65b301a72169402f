package io.clouddiagnoze.scanner.ec2;

import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.OpenIngressRule;
import io.clouddiagnoze.scanner.scan.AwsTags;
import io.clouddiagnoze.scanner.scan.ResourceCollector;
import io.clouddiagnoze.scanner.scan.ScanSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2 instances, with what their security groups open to the whole internet: the region's groups are
 * read first (DescribeSecurityGroups), then instances page by page (DescribeInstances).
 */
@ApplicationScoped
public class Ec2InstanceCollector implements ResourceCollector {
    private static final List<String> ANYWHERE = List.of("0.0.0.0/0", "::/0");

    @Override
    public Multi<DiscoveredResource> collect(ScanSession session, String region) {
        Ec2AsyncClient ec2 = session.client(region, Ec2AsyncClient::builder);
        return openIngressByGroup(session, ec2).onItem().transformToMulti(openByGroup -> session
                .pages(ec2.describeInstancesPaginator(DescribeInstancesRequest.builder().maxResults(session.pageSize()).build()))
                .onItem().transformToIterable(page -> page.reservations().stream()
                        .flatMap(reservation -> reservation.instances().stream())
                        .map(instance -> (DiscoveredResource) toResource(instance, region, openByGroup))
                        .toList()));
    }

    /** For each security group of the region, its inbound rules that admit the whole internet. */
    private static Uni<Map<String, List<OpenIngressRule>>> openIngressByGroup(ScanSession session, Ec2AsyncClient ec2) {
        return session.pages(ec2.describeSecurityGroupsPaginator(DescribeSecurityGroupsRequest.builder().maxResults(1000).build()))
                .onItem().transformToIterable(page -> page.securityGroups())
                .collect().in(HashMap::new, (map, group) -> map.put(group.groupId(), openRules(group)));
    }

    /** The inbound rules of {@code group} that admit the whole internet (the system benchmark's bare loop reads them so too). */
    public static List<OpenIngressRule> openRules(SecurityGroup group) {
        List<OpenIngressRule> open = new ArrayList<>();
        for (IpPermission permission : group.ipPermissions()) {
            permission.ipRanges().stream().filter(range -> ANYWHERE.contains(range.cidrIp()))
                    .forEach(range -> open.add(rule(group, permission, range.cidrIp())));
            permission.ipv6Ranges().stream().filter(range -> ANYWHERE.contains(range.cidrIpv6()))
                    .forEach(range -> open.add(rule(group, permission, range.cidrIpv6())));
        }
        return open;
    }

    private static OpenIngressRule rule(SecurityGroup group, IpPermission permission, String cidr) {
        boolean allProtocols = "-1".equals(permission.ipProtocol());
        return new OpenIngressRule(group.groupId(), permission.ipProtocol(), allProtocols ? null : permission.fromPort(),
                allProtocols ? null : permission.toPort(), cidr);
    }

    /** The instance as the scanner reports it, with the open rules of its groups ({@link #openRules}, by group id). */
    public static Ec2Instance toResource(Instance instance, String region, Map<String, List<OpenIngressRule>> openByGroup) {
        List<String> groups = instance.securityGroups().stream().map(GroupIdentifier::groupId).toList();
        return new Ec2Instance(
                instance.instanceId(),
                instance.instanceTypeAsString(),
                instance.state() == null ? null : instance.state().nameAsString(),
                region,
                instance.publicIpAddress(),
                instance.privateIpAddress(),
                AwsTags.asMap(instance.tags(), Tag::key, Tag::value),
                instance.vpcId(),
                instance.subnetId(),
                instance.launchTime(),
                instance.imageId(),
                instance.metadataOptions() != null && instance.metadataOptions().httpTokens() == HttpTokensState.REQUIRED,
                groups,
                groups.stream().flatMap(group -> openByGroup.getOrDefault(group, List.of()).stream()).toList());
    }
}
