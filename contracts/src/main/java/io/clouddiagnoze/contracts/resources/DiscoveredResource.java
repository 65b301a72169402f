package io.clouddiagnoze.contracts.resources;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A resource as a scanner found it; the {@code type} property tells the kind on the wire. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Ec2Instance.class, name = "ec2_instance"),
    @JsonSubTypes.Type(value = S3Bucket.class, name = "s3_bucket"),
    @JsonSubTypes.Type(value = Vpc.class, name = "vpc"),
    @JsonSubTypes.Type(value = RdsInstance.class, name = "rds_instance")
})
public sealed interface DiscoveredResource permits Ec2Instance, S3Bucket, Vpc, RdsInstance {

    /** The id that names this resource across scans: instance id, bucket name, VPC id, DB identifier. */
    String naturalId();

    String region();
}
