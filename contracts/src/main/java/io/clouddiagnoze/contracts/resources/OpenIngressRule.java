package io.clouddiagnoze.contracts.resources;

/**
 * A security group rule that admits traffic from the whole internet ({@code 0.0.0.0/0} or {@code ::/0}).
 *
 * @param protocol {@code tcp}, {@code udp}, {@code icmp} or {@code -1} for all
 * @param fromPort first port, or null when the rule covers every port
 * @param toPort last port, or null when the rule covers every port
 */
public record OpenIngressRule(String groupId, String protocol, Integer fromPort, Integer toPort, String cidr) {

    /** Whether this rule opens {@code port}. */
    public boolean opens(int port) {
        return fromPort == null || toPort == null || (fromPort <= port && port <= toPort);
    }
}
