package io.clouddiagnoze.deploy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one namespace's NetworkPolicies let through, read as Kubernetes reads them: a connection needs the sender's
 * policies to allow it out and the receiver's to let it in, and a pod that no policy of a direction selects is open in
 * that direction. An ipBlock stands for addresses outside the cluster.
 */
final class NetworkPolicies {
    private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

    /** A pod, by its namespace's labels and its own; or, with neither, an address outside the cluster. */
    record Endpoint(Map<String, String> namespace, Map<String, String> pod, String address) {
        static Endpoint pod(String namespace, Map<String, String> labels) {
            return new Endpoint(Map.of(NAMESPACE_NAME, namespace), labels, null);
        }

        static Endpoint outside(String address) {
            return new Endpoint(null, null, address);
        }

        boolean inCluster() {
            return pod != null;
        }
    }

    /** The port a connection is made to: its number, its name on the receiving container (or null), its protocol. */
    record Port(int number, String name, String protocol) {
        static Port tcp(int number) {
            return new Port(number, null, "TCP");
        }
    }

    private final String namespace;
    private final List<NetworkPolicy> policies;

    NetworkPolicies(String namespace, List<NetworkPolicy> policies) {
        this.namespace = namespace;
        this.policies = policies;
    }

    boolean allows(Endpoint from, Endpoint to, Port port) {
        return open(from, "Egress", policy -> list(policy.getSpec().getEgress()).stream()
                        .anyMatch(rule -> matches(rule.getTo(), to) && matches(rule.getPorts(), port)))
                && open(to, "Ingress", policy -> list(policy.getSpec().getIngress()).stream()
                        .anyMatch(rule -> matches(rule.getFrom(), from) && matches(rule.getPorts(), port)));
    }

    /** Whether the endpoint's policies of that direction let the connection through; those of other places are not ours. */
    private boolean open(Endpoint endpoint, String direction, Predicate<NetworkPolicy> allows) {
        if (!endpoint.inCluster() || !namespace.equals(endpoint.namespace().get(NAMESPACE_NAME))) {
            return true;
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> types(p).contains(direction) && matches(p.getSpec().getPodSelector(), endpoint.pod())).toList();
        return selecting.isEmpty() || selecting.stream().anyMatch(allows);
    }

    /** The policy's types as written, or as Kubernetes defaults them: Ingress, and Egress where it has egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        List<String> types = list(policy.getSpec().getPolicyTypes());
        if (!types.isEmpty()) {
            return types;
        }
        return list(policy.getSpec().getEgress()).isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    /** No peer listed means any. */
    private boolean matches(List<NetworkPolicyPeer> peers, Endpoint endpoint) {
        return list(peers).isEmpty() || peers.stream().anyMatch(peer -> matches(peer, endpoint));
    }

    private boolean matches(NetworkPolicyPeer peer, Endpoint endpoint) {
        if (peer.getIpBlock() != null) {
            return !endpoint.inCluster() && contains(peer.getIpBlock(), endpoint.address());
        }
        if (!endpoint.inCluster()) {
            return false;
        }
        boolean namespaceMatches = peer.getNamespaceSelector() == null
                ? namespace.equals(endpoint.namespace().get(NAMESPACE_NAME))
                : matches(peer.getNamespaceSelector(), endpoint.namespace());
        return namespaceMatches && (peer.getPodSelector() == null || matches(peer.getPodSelector(), endpoint.pod()));
    }

    /** No port listed means any; a named port is the receiving container's port of that name. */
    private static boolean matches(List<NetworkPolicyPort> ports, Port port) {
        return list(ports).isEmpty() || ports.stream().anyMatch(p -> {
            IntOrString number = p.getPort();
            boolean portMatches = number == null
                    || (number.getIntVal() != null
                        ? port.number() >= number.getIntVal() && port.number() <= Objects.requireNonNullElse(p.getEndPort(), number.getIntVal())
                        : number.getStrVal().equals(port.name()));
            return portMatches && Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(port.protocol());
        });
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        boolean labelsMatch = Objects.requireNonNullElse(selector.getMatchLabels(), Map.<String, String>of()).entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
        return labelsMatch && list(selector.getMatchExpressions()).stream().allMatch(requirement -> {
            String value = labels.get(requirement.getKey());
            return switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("no such operator: " + requirement.getOperator());
            };
        });
    }

    private static boolean contains(IPBlock block, String address) {
        return contains(block.getCidr(), address) && list(block.getExcept()).stream().noneMatch(except -> contains(except, address));
    }

    /** Whether the address (a literal, IPv4 or IPv6) is within the CIDR block of its own family. */
    private static boolean contains(String cidr, String address) {
        String[] block = cidr.split("/");
        byte[] network = bytes(block[0]);
        byte[] host = bytes(address);
        if (network.length != host.length) {
            return false;
        }
        int prefix = Integer.parseInt(block[1]);
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((network[bit / 8] & mask) != (host[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** An address literal's bytes; a literal is never looked up. */
    private static byte[] bytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
