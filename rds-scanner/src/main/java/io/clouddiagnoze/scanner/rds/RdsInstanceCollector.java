package io.clouddiagnoze.scanner.rds;

import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.scanner.scan.AwsTags;
import io.clouddiagnoze.scanner.scan.ResourceCollector;
import io.clouddiagnoze.scanner.scan.ScanSession;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.rds.RdsAsyncClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * RDS DB instances, page by page (DescribeDBInstances), with their exposure, encryption, backup and upgrade settings and
 * their tags (DescribeDBInstances answers each instance's TagList).
 */
@ApplicationScoped
public class RdsInstanceCollector implements ResourceCollector {
    @Override
    public Multi<DiscoveredResource> collect(ScanSession session, String region) {
        RdsAsyncClient rds = session.client(region, RdsAsyncClient::builder);
        return session.pages(rds.describeDBInstancesPaginator(DescribeDbInstancesRequest.builder().maxRecords(session.pageSize()).build()))
                .onItem().transformToIterable(page -> page.dbInstances().stream()
                        .map(database -> (DiscoveredResource) toResource(database, region))
                        .toList());
    }

    private static RdsInstance toResource(DBInstance database, String region) {
        return new RdsInstance(
                database.dbInstanceIdentifier(),
                database.engine(),
                database.engineVersion(),
                orZero(database.allocatedStorage()),
                Boolean.TRUE.equals(database.publiclyAccessible()),
                orZero(database.backupRetentionPeriod()),
                Boolean.TRUE.equals(database.storageEncrypted()),
                Boolean.TRUE.equals(database.multiAZ()),
                database.dbInstanceClass(),
                database.dbInstanceStatus(),
                Boolean.TRUE.equals(database.deletionProtection()),
                region,
                database.autoMinorVersionUpgrade(),
                AwsTags.asMap(database.tagList(), Tag::key, Tag::value));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
