package io.clouddiagnoze.contracts.resources;

import java.util.List;
import java.util.Map;

/** A VPC, with its subnet count and whether flow logs record its traffic. */
public record Vpc(
        String vpcId,
        String cidrBlock,
        List<String> additionalCidrBlocks,
        boolean defaultVpc,
        int subnetCount,
        String state,
        String region,
        Map<String, String> tags,
        boolean flowLogsEnabled) implements DiscoveredResource {

    public Vpc {
        additionalCidrBlocks = List.copyOf(additionalCidrBlocks);
        tags = Map.copyOf(tags);
    }

    @Override
    public String naturalId() {
        return vpcId;
    }
}
