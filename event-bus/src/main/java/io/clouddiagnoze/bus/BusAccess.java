package io.clouddiagnoze.bus;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Who may do what on the event bus: one principal per service, each allowed only the topics it reads and writes, and a
 * read-only principal for analytics. The one source of the broker's ACLs ({@link BusSetup}) and of the names of the
 * principals' passwords in the environment.
 */
public final class BusAccess {
    /** The analytics principal's consumer groups must start with this name. */
    public static final String ANALYTICS_GROUP_PREFIX = "analytics";

    private BusAccess() {
    }

    /**
     * One principal: the topics it reads (as the consumer group {@code group}), and those it writes. A name ending in
     * {@code .} or a group ending in {@code -} is a prefix.
     */
    public record Principal(String name, List<String> reads, String group, List<String> writes) {

        /** The environment variable holding its password: {@code KAFKA_<NAME>_PASSWORD}. */
        public String passwordVariable() {
            return "KAFKA_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
        }
    }

    /** Every principal the services and analytics use; the broker's own administrator is not one of them. */
    public static List<Principal> principals() {
        List<Principal> principals = new ArrayList<>();
        principals.add(new Principal("scan-orchestrator", List.of(Topics.RESOURCES_DISCOVERED, Topics.SCAN_RESULTS),
                "scan-orchestrator", List.of(Topics.SCAN_REQUESTS_PREFIX, Topics.RESOURCES_STORED, Topics.RESOURCE_CHANGES,
                Topics.FINDINGS_CHANGED, Topics.DEAD_LETTER)));
        principals.add(new Principal("metrics-collector", List.of(Topics.RESOURCES_STORED), "metrics-collector",
                List.of(Topics.DEAD_LETTER)));
        for (ServiceType service : ServiceType.values()) {
            String scanner = service.id() + "-scanner";
            principals.add(new Principal(scanner, List.of(Topics.scanRequests(service)), scanner,
                    List.of(Topics.RESOURCES_DISCOVERED, Topics.SCAN_RESULTS, Topics.DEAD_LETTER)));
        }
        principals.add(new Principal("notification-service", List.of(Topics.RESOURCE_CHANGES, Topics.FINDINGS_CHANGED),
                "notification-service", List.of(Topics.DEAD_LETTER)));
        principals.add(new Principal("analytics", List.of(Topics.RESOURCE_CHANGES, Topics.FINDINGS_CHANGED), ANALYTICS_GROUP_PREFIX + "-",
                List.of()));
        return principals;
    }

    /** Every topic of the bus, which the setup creates before any service starts. */
    public static List<String> topics() {
        return Stream.concat(Arrays.stream(ServiceType.values()).map(Topics::scanRequests),
                Stream.of(Topics.RESOURCES_DISCOVERED, Topics.SCAN_RESULTS, Topics.RESOURCES_STORED, Topics.RESOURCE_CHANGES,
                        Topics.FINDINGS_CHANGED, Topics.DEAD_LETTER)).toList();
    }

    static boolean isPrefix(String name) {
        return name.endsWith(".") || name.endsWith("-");
    }
}
