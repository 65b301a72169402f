package io.clouddiagnoze.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.bus.BusAccess.Principal;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

/** The access matrix gives each principal what its service needs, and nothing more. */
class BusAccessTest {
    private final Map<String, Principal> byName =
            BusAccess.principals().stream().collect(Collectors.toMap(Principal::name, p -> p));

    @Test
    void onlyTheOrchestratorWritesScanRequests() {
        assertThat(BusAccess.principals()).filteredOn(p -> p.writes().stream().anyMatch(t -> t.startsWith(Topics.SCAN_REQUESTS_PREFIX)))
                .extracting(Principal::name).containsExactly("scan-orchestrator");
    }

    @Test
    void onlyTheOrchestratorWritesStoredBatchesAndMetricsCollectorReadsOnlyThem() {
        assertThat(BusAccess.principals()).filteredOn(p -> p.writes().contains(Topics.RESOURCES_STORED))
                .extracting(Principal::name).containsExactly("scan-orchestrator");
        assertThat(byName.get("metrics-collector").reads()).containsExactly(Topics.RESOURCES_STORED);
    }

    @Test
    void onlyTheOrchestratorWritesFindingChanges() {
        assertThat(BusAccess.principals()).filteredOn(p -> p.writes().contains(Topics.FINDINGS_CHANGED))
                .extracting(Principal::name).containsExactly("scan-orchestrator");
    }

    @Test
    void notificationServiceReadsTheChangesInItsOwnGroupAndWritesOnlyDeadLetters() {
        Principal notifications = byName.get("notification-service");
        assertThat(notifications.reads()).containsExactlyInAnyOrder(Topics.RESOURCE_CHANGES, Topics.FINDINGS_CHANGED);
        assertThat(notifications.group()).isEqualTo("notification-service");
        assertThat(notifications.writes()).containsExactly(Topics.DEAD_LETTER);
    }

    @Test
    void eachScannerReadsOnlyItsOwnRequestsAndWritesOnlyWhatItFinds() {
        for (ServiceType service : ServiceType.values()) {
            Principal scanner = byName.get(service.id() + "-scanner");
            assertThat(scanner.reads()).containsExactly(Topics.scanRequests(service));
            assertThat(scanner.writes()).containsExactlyInAnyOrder(Topics.RESOURCES_DISCOVERED, Topics.SCAN_RESULTS, Topics.DEAD_LETTER);
            assertThat(scanner.group()).isEqualTo(service.id() + "-scanner");
        }
    }

    @Test
    void analyticsReadsResourceAndFindingChangesAndWritesNothing() {
        Principal analytics = byName.get("analytics");

        assertThat(analytics.reads()).containsExactly(Topics.RESOURCE_CHANGES, Topics.FINDINGS_CHANGED);
        assertThat(analytics.writes()).isEmpty();
        assertThat(BusSetup.bindings(analytics)).extracting(AclBinding::entry).allSatisfy(entry ->
                assertThat(entry.operation()).isEqualTo(AclOperation.READ));
    }

    @Test
    void everyTopicSomeoneReadsIsWrittenBySomeoneAndExists() {
        List<String> written = BusAccess.principals().stream().flatMap(p -> p.writes().stream()).toList();
        for (Principal principal : BusAccess.principals()) {
            for (String topic : principal.reads()) {
                assertThat(BusAccess.topics()).contains(topic);
                assertThat(written).anySatisfy(w -> assertThat(topic).startsWith(w));
            }
        }
    }

    @Test
    void prefixesBecomePrefixedAclsAndNamesLiteralOnes() {
        List<AclBinding> orchestrator = BusSetup.bindings(byName.get("scan-orchestrator"));

        assertThat(orchestrator).filteredOn(b -> b.pattern().name().equals(Topics.SCAN_REQUESTS_PREFIX)).singleElement()
                .satisfies(b -> assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED));
        assertThat(orchestrator).filteredOn(b -> b.pattern().name().equals(Topics.RESOURCES_DISCOVERED)).singleElement()
                .satisfies(b -> assertThat(b.pattern().patternType()).isEqualTo(PatternType.LITERAL));
        assertThat(BusSetup.bindings(byName.get("analytics"))).filteredOn(b -> b.pattern().name().startsWith("analytics"))
                .singleElement().satisfies(b -> assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED));
    }

    @Test
    void passwordsAreNamedAfterTheirPrincipal() {
        assertThat(byName.get("scan-orchestrator").passwordVariable()).isEqualTo("KAFKA_SCAN_ORCHESTRATOR_PASSWORD");
        assertThat(byName.get("ec2-scanner").passwordVariable()).isEqualTo("KAFKA_EC2_SCANNER_PASSWORD");
    }
}
