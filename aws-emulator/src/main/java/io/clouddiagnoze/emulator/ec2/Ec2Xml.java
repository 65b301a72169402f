package io.clouddiagnoze.emulator.ec2;

import io.clouddiagnoze.emulator.protocol.XmlWriter;
import io.clouddiagnoze.emulator.state.Instance;
import io.clouddiagnoze.emulator.state.RegionInventory;
import io.clouddiagnoze.emulator.state.SecurityGroup;
import io.clouddiagnoze.emulator.state.Vpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** EC2's XML for each resource, with the element names of the EC2 service model (lower camel case). */
final class Ec2Xml {

    private Ec2Xml() {
    }

    /**
     * An instance with the members scanners read. Real answers carry many more (network interfaces, block
     * devices, DNS names, ...); they are left out because the SDK's parsing, not the emulator, is what
     * bounds paging through 100,000 instances.
     */
    static void instance(XmlWriter xml, Instance instance, RegionInventory region) {
        xml.start("item")
                .element("instanceId", instance.id())
                .element("imageId", instance.imageId())
                .start("instanceState").element("code", instance.stateCode()).element("name", instance.state()).end()
                .element("instanceType", instance.type())
                .element("launchTime", instance.launchTime())
                .start("placement").element("availabilityZone", instance.availabilityZone()).end()
                .element("subnetId", instance.subnetId())
                .element("vpcId", instance.vpcId())
                .element("privateIpAddress", instance.privateIp())
                .element("ipAddress", instance.publicIp())
                .start("groupSet");
        for (String groupId : instance.securityGroupIds()) {
            xml.start("item").element("groupId", groupId)
                    .element("groupName", region.securityGroup(groupId).map(SecurityGroup::name).orElse(null)).end();
        }
        xml.end();
        tags(xml, instance.tags());
        xml.start("metadataOptions")
                .element("httpTokens", instance.httpTokens())
                .element("httpEndpoint", "enabled")
                .end()
                .end();
    }

    static void vpc(XmlWriter xml, Vpc vpc, String ownerId) {
        xml.start("item")
                .element("vpcId", vpc.id())
                .element("ownerId", ownerId)
                .element("state", vpc.state())
                .element("cidrBlock", vpc.cidrBlock())
                .start("cidrBlockAssociationSet");
        List<String> cidrBlocks = new ArrayList<>(List.of(vpc.cidrBlock()));
        cidrBlocks.addAll(vpc.additionalCidrBlocks());
        for (int i = 0; i < cidrBlocks.size(); i++) {
            xml.start("item")
                    .element("associationId", "vpc-cidr-assoc-" + vpc.id().substring(4) + (i == 0 ? "" : "-" + i))
                    .element("cidrBlock", cidrBlocks.get(i))
                    .start("cidrBlockState").element("state", "associated").end()
                    .end();
        }
        xml.end()
                .element("dhcpOptionsId", "dopt-" + vpc.id().substring(4))
                .element("instanceTenancy", "default")
                .element("isDefault", vpc.isDefault());
        tags(xml, vpc.tags());
        xml.end();
    }

    static void subnet(XmlWriter xml, Vpc.Subnet subnet, String ownerId, String regionName) {
        xml.start("item")
                .element("subnetId", subnet.id())
                .element("subnetArn", "arn:aws:ec2:" + regionName + ":" + ownerId + ":subnet/" + subnet.id())
                .element("state", "available")
                .element("ownerId", ownerId)
                .element("vpcId", subnet.vpcId())
                .element("cidrBlock", subnet.cidrBlock())
                .element("availableIpAddressCount", subnet.availableIpAddressCount())
                .element("availabilityZone", subnet.availabilityZone())
                .element("defaultForAz", subnet.defaultForAz())
                .element("mapPublicIpOnLaunch", subnet.mapPublicIpOnLaunch());
        tags(xml, subnet.tags());
        xml.end();
    }

    static void securityGroup(XmlWriter xml, SecurityGroup group, String ownerId, String regionName) {
        xml.start("item")
                .element("ownerId", ownerId)
                .element("groupId", group.id())
                .element("groupName", group.name())
                .element("groupDescription", group.description())
                .element("vpcId", group.vpcId())
                .element("securityGroupArn", "arn:aws:ec2:" + regionName + ":" + ownerId + ":security-group/" + group.id());
        permissions(xml, "ipPermissions", group.ingress(), ownerId);
        permissions(xml, "ipPermissionsEgress", group.egress(), ownerId);
        tags(xml, group.tags());
        xml.end();
    }

    static void flowLog(XmlWriter xml, Vpc.FlowLog flowLog) {
        boolean toLogs = "cloud-watch-logs".equals(flowLog.logDestinationType());
        xml.start("item")
                .element("creationTime", flowLog.creationTime())
                .element("deliverLogsStatus", "SUCCESS")
                .element("flowLogId", flowLog.id())
                .element("flowLogStatus", "ACTIVE")
                .element("logGroupName", toLogs && flowLog.logDestination() != null
                        ? flowLog.logDestination().substring(flowLog.logDestination().lastIndexOf(':') + 1) : null)
                .element("resourceId", flowLog.resourceId())
                .element("trafficType", flowLog.trafficType())
                .element("logDestinationType", flowLog.logDestinationType())
                .element("logDestination", flowLog.logDestination())
                .element("maxAggregationInterval", 600)
                .end();
    }

    private static void permissions(XmlWriter xml, String element, List<SecurityGroup.Permission> permissions,
                                    String ownerId) {
        xml.start(element);
        for (SecurityGroup.Permission permission : permissions) {
            xml.start("item")
                    .element("ipProtocol", permission.protocol())
                    .element("fromPort", permission.fromPort())
                    .element("toPort", permission.toPort())
                    .start("groups");
            permission.sourceGroupIds().forEach(groupId ->
                    xml.start("item").element("userId", ownerId).element("groupId", groupId).end());
            xml.end().start("ipRanges");
            permission.cidrs().forEach(cidr -> xml.start("item").element("cidrIp", cidr).end());
            xml.end().start("ipv6Ranges");
            permission.ipv6Cidrs().forEach(cidr -> xml.start("item").element("cidrIpv6", cidr).end());
            xml.end().start("prefixListIds").end().end();
        }
        xml.end();
    }

    private static void tags(XmlWriter xml, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        xml.start("tagSet");
        tags.forEach((key, value) -> xml.start("item").element("key", key).element("value", value).end());
        xml.end();
    }
}
