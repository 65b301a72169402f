package io.clouddiagnoze.emulator.cloudwatch;

import io.clouddiagnoze.emulator.state.Bucket;
import io.clouddiagnoze.emulator.state.Database;
import io.clouddiagnoze.emulator.state.Hashing;
import io.clouddiagnoze.emulator.state.Instance;
import java.util.Locale;

/**
 * The value shapes of the emulated metrics. Every sample is a pure function of (account, resource,
 * metric, sample time): a daily cycle for busy resources, small noise, and growth for buckets.
 */
final class MetricShapes {

    static final int EC2_PERIOD = 300;
    static final int RDS_PERIOD = 60;
    static final int S3_STORAGE_PERIOD = 86_400;
    static final int S3_REQUEST_PERIOD = 60;
    private static final double DAY = 86_400;
    private static final double GIB = 1024d * 1024 * 1024;

    private MetricShapes() {
    }

    /** How hard a resource works: declared in the fixture, or derived from its id. */
    enum Load {
        IDLE, STEADY, BUSY;

        static Load of(String declared, String resourceId) {
            if (declared != null) {
                return valueOf(declared.toUpperCase(Locale.ROOT));
            }
            double draw = Hashing.unit(Hashing.of(resourceId));
            return draw < 0.5 ? IDLE : draw < 0.8 ? STEADY : BUSY;
        }
    }

    static MetricSeries ec2(String account, Instance instance, String metric) {
        if (!instance.state().equals("running")) {
            return MetricSeries.silent(EC2_PERIOD);
        }
        Load load = Load.of(instance.load(), instance.id());
        long key = key(account, instance.id(), metric);
        long since = instance.launchTime().getEpochSecond();
        return switch (metric) {
            case "CPUUtilization" -> new MetricSeries(EC2_PERIOD, since, time -> cpu(load, key, time));
            case "NetworkIn" -> new MetricSeries(EC2_PERIOD, since, time -> networkBytes(load, key, time));
            default -> new MetricSeries(EC2_PERIOD, since, time -> 0.7 * networkBytes(load, key, time));
        };
    }

    static MetricSeries rds(String account, Database database, String metric) {
        Load load = Load.of(database.load(), database.id());
        long key = key(account, database.id(), metric);
        long since = database.createTime().getEpochSecond();
        double capacity = database.allocatedStorage() * GIB;
        return switch (metric) {
            case "CPUUtilization" -> new MetricSeries(RDS_PERIOD, since, time -> cpu(load, key, time));
            case "DatabaseConnections" -> new MetricSeries(RDS_PERIOD, since, time -> Math.floor(switch (load) {
                case IDLE -> 2 * noise(key, time);
                case STEADY -> 20 + 10 * daily(time) + 10 * noise(key, time);
                case BUSY -> 130 + 60 * daily(time) + 20 * noise(key, time);
            }));
            // Free space shrinks as the database fills, never below 5 % of what was allocated.
            default -> new MetricSeries(RDS_PERIOD, since, time -> capacity
                    * Math.max(0.05, 0.8 - 0.0004 * (time - since) / DAY) - noise(key, time) * 50 * 1024 * 1024);
        };
    }

    /** BucketSizeBytes of one storage class, or NumberOfObjects (storage type AllStorageTypes). */
    static MetricSeries s3Storage(String account, Bucket bucket, String metric, String storageType) {
        long since = bucket.creationDate().getEpochSecond();
        if (metric.equals("NumberOfObjects")) {
            return new MetricSeries(S3_STORAGE_PERIOD, since,
                    time -> Math.floor(bucket.objectCount() * growth(since, time)));
        }
        int classes = bucket.storageClasses().size();
        boolean first = bucket.storageClasses().get(0).equals(storageType);
        double share = classes == 1 ? 1 : first ? 0.7 : 0.3 / (classes - 1);
        long key = key(account, bucket.name(), storageType);
        return new MetricSeries(S3_STORAGE_PERIOD, since, time ->
                Math.floor(bucket.sizeBytes() * share * growth(since, time) * (1 + 0.001 * noise(key, time))));
    }

    /** AllRequests, GetRequests and PutRequests share one traffic draw, so gets and puts never exceed all. */
    static MetricSeries s3Requests(String account, Bucket bucket, String metric) {
        long key = key(account, bucket.name(), "requests");
        double fraction = switch (metric) {
            case "GetRequests" -> 0.7;
            case "PutRequests" -> 0.2;
            default -> 1;
        };
        return new MetricSeries(S3_REQUEST_PERIOD, bucket.creationDate().getEpochSecond(), time ->
                Math.floor(fraction * (5 + 40 * (1 + daily(time)) * noise(key, time))));
    }

    private static double cpu(Load load, long key, long time) {
        return switch (load) {
            case IDLE -> 1 + 2 * noise(key, time);
            case STEADY -> 30 + 10 * daily(time) + 6 * (noise(key, time) - 0.5);
            case BUSY -> 75 + 12 * daily(time) + 6 * (noise(key, time) - 0.5);
        };
    }

    private static double networkBytes(Load load, long key, long time) {
        double jitter = 0.8 + 0.4 * noise(key, time);
        return switch (load) {
            case IDLE -> 20_000 + 60_000 * noise(key, time);
            case STEADY -> 2e7 * (1 + 0.5 * daily(time)) * jitter;
            case BUSY -> 3e8 * (1 + 0.4 * daily(time)) * jitter;
        };
    }

    /** A daily cycle in [-1, 1], peaking at 15:00 UTC. */
    private static double daily(long time) {
        return Math.sin(2 * Math.PI * ((time % 86_400) / DAY - 0.375));
    }

    /** Buckets grow by 0.2 % of their initial size per day. */
    private static double growth(long since, long time) {
        return 1 + 0.002 * Math.max(0, time - since) / DAY;
    }

    private static double noise(long key, long time) {
        return Hashing.unit(Hashing.of(key, time));
    }

    private static long key(String account, String resource, String metric) {
        return Hashing.of(account + '/' + resource + '/' + metric);
    }
}
