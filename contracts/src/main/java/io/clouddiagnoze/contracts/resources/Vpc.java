package io.clouddiagnoze.contracts.resources;

import io.clouddiagnoze.contracts.FieldLimits;
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
        state = FieldLimits.fit(state, FieldLimits.AWS_TEXT);
        tags = Map.copyOf(FieldLimits.fitTags(tags));
    }

    @Override
    public String naturalId() {
        return vpcId;
    }
}
