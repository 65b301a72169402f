package io.clouddiagnoze.contracts.resources;

import io.clouddiagnoze.contracts.FieldLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An EC2 instance.
 *
 * @param imdsV2Required whether the metadata service accepts only session tokens (IMDSv2)
 * @param openIngress the rules of its security groups that admit traffic from anywhere
 */
public record Ec2Instance(
        String instanceId,
        String instanceType,
        String state,
        String region,
        String publicIp,
        String privateIp,
        Map<String, String> tags,
        String vpcId,
        String subnetId,
        Instant launchTime,
        String imageId,
        boolean imdsV2Required,
        List<String> securityGroupIds,
        List<OpenIngressRule> openIngress) implements DiscoveredResource {

    public Ec2Instance {
        instanceType = FieldLimits.fit(instanceType, FieldLimits.AWS_TEXT);
        state = FieldLimits.fit(state, FieldLimits.AWS_TEXT);
        tags = FieldLimits.fitTags(tags);
        securityGroupIds = List.copyOf(securityGroupIds);
        openIngress = List.copyOf(openIngress);
    }

    @Override
    public String naturalId() {
        return instanceId;
    }
}
