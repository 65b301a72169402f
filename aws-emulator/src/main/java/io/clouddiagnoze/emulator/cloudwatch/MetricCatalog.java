package io.clouddiagnoze.emulator.cloudwatch;

import io.clouddiagnoze.emulator.state.Account;
import io.clouddiagnoze.emulator.state.Bucket;
import io.clouddiagnoze.emulator.state.Database;
import io.clouddiagnoze.emulator.state.Instance;
import io.clouddiagnoze.emulator.state.RegionInventory;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics an account has in a region, derived from its resources: AWS/EC2 per instance, AWS/S3 per
 * bucket (request metrics only where the bucket has them enabled), AWS/RDS per DB instance.
 */
final class MetricCatalog {

    static final String EC2 = "AWS/EC2";
    static final String S3 = "AWS/S3";
    static final String RDS = "AWS/RDS";
    private static final List<String> EC2_METRICS = List.of("CPUUtilization", "NetworkIn", "NetworkOut");
    private static final List<String> RDS_METRICS = List.of("CPUUtilization", "DatabaseConnections", "FreeStorageSpace");
    private static final List<String> S3_REQUEST_METRICS = List.of("AllRequests", "GetRequests", "PutRequests");
    private static final String ENTIRE_BUCKET = "EntireBucket";
    private static final String ALL_STORAGE_TYPES = "AllStorageTypes";

    private final Account account;
    private final String region;
    private final RegionInventory inventory;

    MetricCatalog(Account account, String region) {
        this.account = account;
        this.region = region;
        this.inventory = account.region(region);
    }

    /** The metrics of one namespace (all of them for null), computed entry by entry for generated fleets. */
    List<MetricDescriptor> list(String namespace) {
        if (namespace == null) {
            List<MetricDescriptor> all = new ArrayList<>(s3());
            all.addAll(rds());
            return concat(ec2(), all);
        }
        return switch (namespace) {
            case EC2 -> ec2();
            case S3 -> s3();
            case RDS -> rds();
            default -> List.of();
        };
    }

    /** The series a GetMetricData query names; CloudWatch matches the dimension set exactly. */
    Optional<MetricSeries> series(String namespace, String metricName, Map<String, String> dimensions) {
        String accountId = account.id();
        return switch (namespace) {
            case EC2 -> dimensions.keySet().equals(Set.of("InstanceId")) && EC2_METRICS.contains(metricName)
                    ? inventory.instances().byId(dimensions.get("InstanceId"))
                            .map(instance -> MetricShapes.ec2(accountId, instance, metricName))
                    : Optional.empty();
            case RDS -> dimensions.keySet().equals(Set.of("DBInstanceIdentifier")) && RDS_METRICS.contains(metricName)
                    ? inventory.database(dimensions.get("DBInstanceIdentifier"))
                            .map(database -> MetricShapes.rds(accountId, database, metricName))
                    : Optional.empty();
            case S3 -> bucketInRegion(dimensions.get("BucketName"))
                    .flatMap(bucket -> s3Series(bucket, metricName, dimensions));
            default -> Optional.empty();
        };
    }

    private Optional<MetricSeries> s3Series(Bucket bucket, String metricName, Map<String, String> dimensions) {
        String storageType = dimensions.get("StorageType");
        boolean storageDimensions = dimensions.keySet().equals(Set.of("BucketName", "StorageType"));
        if (metricName.equals("BucketSizeBytes") && storageDimensions && bucket.storageClasses().contains(storageType)
                || metricName.equals("NumberOfObjects") && storageDimensions && ALL_STORAGE_TYPES.equals(storageType)) {
            return Optional.of(MetricShapes.s3Storage(account.id(), bucket, metricName, storageType));
        }
        if (S3_REQUEST_METRICS.contains(metricName) && bucket.requestMetrics()
                && dimensions.keySet().equals(Set.of("BucketName", "FilterId"))
                && ENTIRE_BUCKET.equals(dimensions.get("FilterId"))) {
            return Optional.of(MetricShapes.s3Requests(account.id(), bucket, metricName));
        }
        return Optional.empty();
    }

    private Optional<Bucket> bucketInRegion(String name) {
        return name == null ? Optional.empty() : account.bucket(name).filter(bucket -> bucket.region().equals(region));
    }

    private List<MetricDescriptor> ec2() {
        List<Instance> instances = inventory.instances().all();
        return new AbstractList<>() {
            @Override
            public MetricDescriptor get(int index) {
                return MetricDescriptor.of(EC2, EC2_METRICS.get(index % EC2_METRICS.size()),
                        "InstanceId", instances.get(index / EC2_METRICS.size()).id());
            }

            @Override
            public int size() {
                return instances.size() * EC2_METRICS.size();
            }
        };
    }

    private List<MetricDescriptor> s3() {
        List<MetricDescriptor> metrics = new ArrayList<>();
        for (Bucket bucket : account.buckets()) {
            if (!bucket.region().equals(region)) {
                continue;
            }
            bucket.storageClasses().forEach(storageType -> metrics.add(MetricDescriptor.of(S3, "BucketSizeBytes",
                    "BucketName", bucket.name(), "StorageType", storageType)));
            metrics.add(MetricDescriptor.of(S3, "NumberOfObjects",
                    "BucketName", bucket.name(), "StorageType", ALL_STORAGE_TYPES));
            if (bucket.requestMetrics()) {
                S3_REQUEST_METRICS.forEach(metric -> metrics.add(MetricDescriptor.of(S3, metric,
                        "BucketName", bucket.name(), "FilterId", ENTIRE_BUCKET)));
            }
        }
        return metrics;
    }

    private List<MetricDescriptor> rds() {
        List<MetricDescriptor> metrics = new ArrayList<>();
        for (Database database : inventory.databases()) {
            RDS_METRICS.forEach(metric -> metrics.add(MetricDescriptor.of(RDS, metric,
                    "DBInstanceIdentifier", database.id())));
        }
        return metrics;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return new AbstractList<>() {
            @Override
            public T get(int index) {
                return index < first.size() ? first.get(index) : second.get(index - first.size());
            }

            @Override
            public int size() {
                return first.size() + second.size();
            }
        };
    }
}
