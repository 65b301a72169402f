package io.clouddiagnoze.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/** The AWS services CloudDiagnoze scans; {@link #id()} is the name used in topics, URLs and the database. */
public enum ServiceType {
    @JsonProperty("ec2") EC2("ec2"),
    @JsonProperty("s3") S3("s3"),
    @JsonProperty("vpc") VPC("vpc"),
    @JsonProperty("rds") RDS("rds");

    private final String id;

    ServiceType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The service whose id is {@code id} (case-insensitive), or empty for an unknown one. */
    public static Optional<ServiceType> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(id)).findFirst();
    }
}
