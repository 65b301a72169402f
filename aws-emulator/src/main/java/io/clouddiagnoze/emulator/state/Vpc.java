package io.clouddiagnoze.emulator.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A VPC with its subnets and the flow logs attached to it; {@code additionalCidrBlocks} are its secondary ranges. */
public record Vpc(String id, String cidrBlock, List<String> additionalCidrBlocks, @JsonProperty("isDefault") boolean isDefault,
                  String state, Map<String, String> tags, List<Subnet> subnets, List<FlowLog> flowLogs) {

    public Vpc {
        additionalCidrBlocks = additionalCidrBlocks == null ? List.of() : List.copyOf(additionalCidrBlocks);
        state = state == null ? "available" : state;
        tags = tags == null ? Map.of() : tags;
        subnets = subnets == null ? List.of() : subnets.stream().map(subnet -> subnet.in(id)).toList();
        flowLogs = flowLogs == null ? List.of() : flowLogs.stream().map(log -> log.on(id)).toList();
    }

    /** A subnet; its {@code vpcId} is filled in from the VPC it is listed under. */
    public record Subnet(String id, String vpcId, String cidrBlock, String availabilityZone,
                         boolean mapPublicIpOnLaunch, boolean defaultForAz, Integer availableIpAddressCount,
                         Map<String, String> tags) {

        public Subnet {
            availableIpAddressCount = availableIpAddressCount == null ? 250 : availableIpAddressCount;
            tags = tags == null ? Map.of() : tags;
        }

        Subnet in(String vpc) {
            return new Subnet(id, vpc, cidrBlock, availabilityZone, mapPublicIpOnLaunch, defaultForAz,
                    availableIpAddressCount, tags);
        }
    }

    /** A flow log; its {@code resourceId} is the VPC it is listed under. */
    public record FlowLog(String id, String resourceId, String trafficType, String logDestinationType,
                          String logDestination, Instant creationTime) {

        public FlowLog {
            trafficType = trafficType == null ? "ALL" : trafficType;
            logDestinationType = logDestinationType == null ? "cloud-watch-logs" : logDestinationType;
            creationTime = creationTime == null ? Instant.parse("2024-02-01T00:00:00Z") : creationTime;
        }

        FlowLog on(String vpc) {
            return new FlowLog(id, vpc, trafficType, logDestinationType, logDestination, creationTime);
        }
    }
}
