package io.clouddiagnoze.contracts.resources;

import io.clouddiagnoze.contracts.FieldLimits;
import java.util.List;
import java.util.Map;

/**
 * A VPC, with its subnet count, whether flow logs record its traffic, and the rules of its default security group.
 *
 * @param defaultSecurityGroupIngressRules the inbound rules of its default security group (one per source), or null
 *     when not known (events of older scanners, or no default group was found)
 * @param defaultSecurityGroupEgressRules its outbound rules, likewise
 */
public record Vpc(
        String vpcId,
        String cidrBlock,
        List<String> additionalCidrBlocks,
        boolean defaultVpc,
        int subnetCount,
        String state,
        String region,
        Map<String, String> tags,
        boolean flowLogsEnabled,
        Integer defaultSecurityGroupIngressRules,
        Integer defaultSecurityGroupEgressRules) implements DiscoveredResource {

    public Vpc {
        additionalCidrBlocks = List.copyOf(additionalCidrBlocks);
        state = FieldLimits.fit(state, FieldLimits.AWS_TEXT);
        tags = FieldLimits.fitTags(tags);
    }

    @Override
    public String naturalId() {
        return vpcId;
    }
}
