package io.clouddiagnoze.emulator.state;

import java.util.List;
import java.util.Map;

/** A VPC security group; without explicit egress rules it allows all outbound traffic, as AWS creates it. */
public record SecurityGroup(String id, String name, String description, String vpcId,
                            List<Permission> ingress, List<Permission> egress, Map<String, String> tags) {

    private static final List<Permission> ALLOW_ALL_OUTBOUND =
            List.of(new Permission("-1", null, null, List.of("0.0.0.0/0"), List.of(), List.of()));

    public SecurityGroup {
        description = description == null ? name : description;
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
        egress = egress == null ? ALLOW_ALL_OUTBOUND : List.copyOf(egress);
        tags = tags == null ? Map.of() : tags;
    }

    /** One rule: a protocol ({@code tcp}, {@code udp}, {@code icmp} or {@code -1} for all) and its sources. */
    public record Permission(String protocol, Integer fromPort, Integer toPort, List<String> cidrs,
                             List<String> ipv6Cidrs, List<String> sourceGroupIds) {

        public Permission {
            protocol = protocol == null ? "tcp" : protocol;
            cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
            ipv6Cidrs = ipv6Cidrs == null ? List.of() : List.copyOf(ipv6Cidrs);
            sourceGroupIds = sourceGroupIds == null ? List.of() : List.copyOf(sourceGroupIds);
        }
    }
}
