package io.clouddiagnoze.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.RdsException;

class RdsContractTest {

    private static final String FLEET_ROLE = "arn:aws:iam::555566667777:role/CloudDiagnozeScanner";

    private static AwsClients demo;
    private static AwsClients fleet;
    private static RdsClient rds;

    @BeforeAll
    static void clients() {
        SharedEmulator.admin().reset();
        SharedEmulator.admin().addRole(FLEET_ROLE, "fleet-external-id", "\"generate\":\"instances=0,databases=45,seed=3\"");
        demo = AwsClients.demoTenant(Region.US_EAST_1);
        fleet = AwsClients.tenant(Region.US_EAST_1, FLEET_ROLE, "fleet-external-id");
        rds = demo.rds();
    }

    @AfterAll
    static void close() {
        demo.close();
        fleet.close();
    }

    @Test
    void describeDbInstancesReportsWhatScannersCheck() {
        Map<String, DBInstance> databases = rds.describeDBInstances().dbInstances().stream()
                .collect(Collectors.toMap(DBInstance::dbInstanceIdentifier, database -> database));

        assertThat(databases).containsOnlyKeys("orders-db", "reporting-db", "staging-db", "legacy-db");
        DBInstance orders = databases.get("orders-db");
        assertThat(orders.engine()).isEqualTo("postgres");
        assertThat(orders.engineVersion()).isEqualTo("16.3");
        assertThat(orders.dbInstanceClass()).isEqualTo("db.m5.large");
        assertThat(orders.allocatedStorage()).isEqualTo(200);
        assertThat(orders.dbInstanceStatus()).isEqualTo("available");
        assertThat(orders.multiAZ()).isTrue();
        assertThat(orders.deletionProtection()).isTrue();
        assertThat(orders.storageEncrypted()).isTrue();
        assertThat(orders.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(orders.endpoint().port()).isEqualTo(5432);
        assertThat(databases.get("reporting-db").publiclyAccessible()).isTrue();
        assertThat(databases.get("staging-db").backupRetentionPeriod()).isEqualTo(1);
        DBInstance legacy = databases.get("legacy-db");
        assertThat(legacy.storageEncrypted()).isFalse();
        assertThat(legacy.multiAZ()).isFalse();
        assertThat(legacy.publiclyAccessible()).isFalse();
        assertThat(legacy.autoMinorVersionUpgrade()).isFalse();
        assertThat(orders.autoMinorVersionUpgrade()).isTrue();
        // Real values longer than the seed's 32-character columns, which once halted ingestion for every tenant.
        assertThat(legacy.engineVersion()).isEqualTo("19.0.0.0.ru-2024-04.rur-2024-04.r1");
        assertThat(legacy.dbInstanceStatus()).isEqualTo("inaccessible-encryption-credentials");
        assertThat(legacy.endpoint().port()).isEqualTo(1521);
    }

    @Test
    void thePaginatorReturnsEveryDatabaseExactlyOnceAcrossPages() {
        List<DescribeDbInstancesResponse> pages = fleet.rds().describeDBInstancesPaginator(request -> request.maxRecords(20))
                .stream().toList();
        List<String> ids = pages.stream().flatMap(page -> page.dbInstances().stream())
                .map(DBInstance::dbInstanceIdentifier).toList();

        assertThat(pages).hasSize(3);
        assertThat(ids).hasSize(45).doesNotHaveDuplicates();
    }

    @Test
    void oneDatabaseByIdentifierAndAnUnknownOneIsNotFound() {
        assertThat(rds.describeDBInstances(request -> request.dbInstanceIdentifier("legacy-db")).dbInstances())
                .singleElement().satisfies(database -> assertThat(database.engine()).isEqualTo("oracle-ee"));

        assertThatThrownBy(() -> rds.describeDBInstances(request -> request.dbInstanceIdentifier("nope-db")))
                .isInstanceOfSatisfying(DbInstanceNotFoundException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("DBInstanceNotFound");
                });
    }

    @Test
    void filtersSelectByEngineAndIdentifier() {
        assertThat(rds.describeDBInstances(request -> request.filters(
                Filter.builder().name("engine").values("postgres").build())).dbInstances())
                .extracting(DBInstance::dbInstanceIdentifier).containsExactlyInAnyOrder("orders-db", "staging-db");
        assertThat(rds.describeDBInstances(request -> request.filters(
                Filter.builder().name("db-instance-id").values("reporting-db", "legacy-db").build())).dbInstances())
                .hasSize(2);
    }

    @Test
    void anOutOfRangePageSizeAndAnUnknownOperationAreErrors() {
        assertThatThrownBy(() -> rds.describeDBInstances(request -> request.maxRecords(10)))
                .isInstanceOfSatisfying(RdsException.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> rds.describeDBClusters())
                .isInstanceOfSatisfying(RdsException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                    assertThat(error.awsErrorDetails().errorMessage()).contains("DescribeDBClusters");
                });
    }

    @Test
    void eachRegionHasItsOwnDatabases() {
        try (AwsClients ireland = AwsClients.demoTenant(Region.EU_WEST_1)) {
            assertThat(ireland.rds().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                    .containsExactly("eu-analytics-db");
        }
    }
}
