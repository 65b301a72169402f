package io.clouddiagnoze.scanner.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.emulator.state.Account;
import io.clouddiagnoze.emulator.state.RegionInventory;
import io.clouddiagnoze.emulator.state.Database;
import io.clouddiagnoze.testsupport.ScannerContractTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rds-scanner end to end: a request from Kafka in, the account's DB instances out, through the real SDK. */
@QuarkusTest
class RdsScannerTest extends ScannerContractTest {

    RdsScannerTest() {
        super(ServiceType.RDS, "rds", "DescribeDBInstances");
    }

    @Override
    protected List<Located> expectedResources(Account account) {
        return inEveryRegion(account, RegionInventory::databases, Database::id);
    }

    @Test
    void eachDatabaseComesWithItsExposureEncryptionBackupsUpgradesAndTags() {
        List<RdsInstance> found = scanDemo(RdsInstance.class);
        Account demo = demoAccount();

        assertThat(found).hasSize(5);
        for (RdsInstance database : found) {
            Database expected = demo.region(database.region()).database(database.dbIdentifier()).orElseThrow();
            assertThat(database).isEqualTo(new RdsInstance(expected.id(), expected.engine(), expected.engineVersion(),
                    expected.allocatedStorage(), expected.publiclyAccessible(), expected.backupRetentionPeriod(),
                    expected.storageEncrypted(), expected.multiAZ(), expected.instanceClass(), expected.status(),
                    expected.deletionProtection(), database.region(), expected.autoMinorVersionUpgrade(), expected.tags()));
        }
        assertThat(found).filteredOn(RdsInstance::publiclyAccessible).extracting(RdsInstance::dbIdentifier)
                .containsExactly("reporting-db");
        assertThat(found).filteredOn(database -> "staging".equals(database.tags().get("Environment")))
                .extracting(RdsInstance::dbIdentifier).containsExactly("staging-db");
        assertThat(found).filteredOn(database -> database.backupRetentionDays() < 7).extracting(RdsInstance::dbIdentifier)
                .containsExactly("staging-db");
        assertThat(found).filteredOn(database -> !database.autoMinorVersionUpgrade()).extracting(RdsInstance::dbIdentifier)
                .containsExactly("legacy-db");
        assertThat(found).filteredOn(database -> database.dbIdentifier().equals("legacy-db")).singleElement().satisfies(legacy -> {
            assertThat(legacy.engineVersion()).isEqualTo("19.0.0.0.ru-2024-04.rur-2024-04.r1");
            assertThat(legacy.status()).isEqualTo("inaccessible-encryption-credentials");
        });
    }
}
