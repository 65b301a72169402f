package io.clouddiagnoze.emulator.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An EC2 instance. {@code load} (idle, steady or busy) shapes its CloudWatch metrics; when absent it is
 * derived from the instance id.
 */
public record Instance(String id, String type, String state, String privateIp, String publicIp,
                       String vpcId, String subnetId, String availabilityZone, String imageId,
                       Instant launchTime, String httpTokens, List<String> securityGroupIds,
                       Map<String, String> tags, String reservationId, String load) {

    public Instance {
        type = type == null ? "t3.micro" : type;
        state = state == null ? "running" : state;
        imageId = imageId == null ? "ami-0c55b159cbfafe1f0" : imageId;
        launchTime = launchTime == null ? Instant.parse("2024-01-15T09:30:00Z") : launchTime;
        httpTokens = httpTokens == null ? "optional" : httpTokens;
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
        tags = tags == null ? Map.of() : tags;
        reservationId = reservationId == null ? "r-" + id.substring(id.indexOf('-') + 1) : reservationId;
    }

    /** The numeric state code EC2 reports next to the state name. */
    public int stateCode() {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            case "stopped" -> 80;
            default -> throw new IllegalStateException("unknown instance state " + state);
        };
    }

    public Instance placedIn(String vpcId, String availabilityZone) {
        return new Instance(id, type, state, privateIp, publicIp, vpcId, subnetId, availabilityZone, imageId,
                launchTime, httpTokens, securityGroupIds, tags, reservationId, load);
    }
}
