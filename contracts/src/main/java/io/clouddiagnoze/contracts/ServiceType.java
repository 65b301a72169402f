package io.clouddiagnoze.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/**
 * The AWS services CloudDiagnoze scans; {@link #id()} is the name used in topics, URLs and the database, where each
 * has its resource table and its performance table (database/src/main/resources/db/migration).
 */
public enum ServiceType {
    @JsonProperty("ec2") EC2("ec2", "ec2_instances", "instance_id", "ec2_instance_id"),
    @JsonProperty("s3") S3("s3", "s3_buckets", "bucket_name", "s3_bucket_id"),
    @JsonProperty("vpc") VPC("vpc", "vpc_instances", "vpc_id", "vpc_instance_id"),
    @JsonProperty("rds") RDS("rds", "rds_instances", "db_identifier", "rds_instance_id");

    private final String id;
    private final String resourceTable;
    private final String naturalIdColumn;
    private final String performanceResourceColumn;

    ServiceType(String id, String resourceTable, String naturalIdColumn, String performanceResourceColumn) {
        this.id = id;
        this.resourceTable = resourceTable;
        this.naturalIdColumn = naturalIdColumn;
        this.performanceResourceColumn = performanceResourceColumn;
    }

    public String id() {
        return id;
    }

    /** The table of its resources: a row per resource per scan run. */
    public String resourceTable() {
        return resourceTable;
    }

    /** The column of a resource's id in AWS, unique within a scan run. */
    public String naturalIdColumn() {
        return naturalIdColumn;
    }

    /** The table of its resources' metric points. */
    public String performanceTable() {
        return id + "_performance";
    }

    /** The column of the performance table that points to the resource row. */
    public String performanceResourceColumn() {
        return performanceResourceColumn;
    }

    /** The service whose id is {@code id} (case-insensitive), or empty for an unknown one. */
    public static Optional<ServiceType> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(id)).findFirst();
    }
}
