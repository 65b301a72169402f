package io.clouddiagnoze.orchestrator.resources;

import static io.clouddiagnoze.orchestrator.resources.Column.bool;
import static io.clouddiagnoze.orchestrator.resources.Column.decimal;
import static io.clouddiagnoze.orchestrator.resources.Column.integer;
import static io.clouddiagnoze.orchestrator.resources.Column.json;
import static io.clouddiagnoze.orchestrator.resources.Column.text;
import static io.clouddiagnoze.orchestrator.resources.Column.timestamp;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.contracts.resources.Vpc;
import java.util.List;
import java.util.Map;

/** The four resource tables, one per scanned service. */
public final class ResourceTables {
    public static final ResourceTable<Ec2Instance> EC2 = new ResourceTable<>(ServiceType.EC2, Ec2Instance.class,
            List.of(
                    text("instance_id", "instanceId", Ec2Instance::instanceId),
                    text("instance_type", "instanceType", Ec2Instance::instanceType),
                    text("state", "state", Ec2Instance::state),
                    text("region", "region", Ec2Instance::region),
                    text("public_ip", "publicIp", Ec2Instance::publicIp),
                    text("private_ip", "privateIp", Ec2Instance::privateIp),
                    json("tags", "tags", Ec2Instance::tags),
                    text("vpc_id", "vpcId", Ec2Instance::vpcId),
                    text("subnet_id", "subnetId", Ec2Instance::subnetId),
                    timestamp("launch_time", "launchTime", Ec2Instance::launchTime),
                    text("image_id", "imageId", Ec2Instance::imageId),
                    bool("imdsv2_required", "imdsV2Required", Ec2Instance::imdsV2Required),
                    json("security_group_ids", "securityGroupIds", Ec2Instance::securityGroupIds),
                    json("open_ingress", "openIngress", Ec2Instance::openIngress)),
            List.of(Filter.equalTo("state", "State", "state", "pending", "running", "stopping", "stopped", "shutting-down", "terminated"),
                    Filter.present("publicIp", "Public IP", "public_ip"), Filter.flag("imdsV2Required", "IMDSv2 required", "imdsv2_required")));

    public static final ResourceTable<S3Bucket> S3 = new ResourceTable<>(ServiceType.S3, S3Bucket.class,
            List.of(
                    text("bucket_name", "bucketName", S3Bucket::bucketName),
                    text("region", "region", S3Bucket::region),
                    bool("is_public", "publiclyAccessible", S3Bucket::publiclyAccessible),
                    bool("is_encrypted", "encrypted", b -> b.encryption() != S3Bucket.Encryption.NONE),
                    text("encryption_type", "encryption", b -> b.encryption().name().toLowerCase().replace('_', '-')),
                    bool("versioning_enabled", "versioningEnabled", S3Bucket::versioningEnabled),
                    decimal("total_size_gb", "totalSizeGb", S3Bucket::totalSizeGb),
                    bool("block_public_acls", "blockPublicAcls", b -> block(b, S3Bucket.PublicAccessBlock::blockPublicAcls)),
                    bool("ignore_public_acls", "ignorePublicAcls", b -> block(b, S3Bucket.PublicAccessBlock::ignorePublicAcls)),
                    bool("block_public_policy", "blockPublicPolicy", b -> block(b, S3Bucket.PublicAccessBlock::blockPublicPolicy)),
                    bool("restrict_public_buckets", "restrictPublicBuckets",
                            b -> block(b, S3Bucket.PublicAccessBlock::restrictPublicBuckets)),
                    timestamp("creation_date", "creationDate", S3Bucket::creationDate),
                    bool("secure_transport_required", "secureTransportRequired", S3Bucket::secureTransportRequired),
                    bool("mfa_delete_enabled", "mfaDeleteEnabled", S3Bucket::mfaDeleteEnabled),
                    bool("account_blocks_public_access", "accountBlocksPublicAccess", S3Bucket::accountBlocksPublicAccess),
                    json("tags", "tags", S3Bucket::tags)),
            List.of(Filter.flag("public", "Public", "is_public"), Filter.flag("encrypted", "Encrypted", "is_encrypted"),
                    Filter.flag("versioned", "Versioned", "versioning_enabled")));

    public static final ResourceTable<Vpc> VPC = new ResourceTable<>(ServiceType.VPC, Vpc.class,
            List.of(
                    text("vpc_id", "vpcId", Vpc::vpcId),
                    text("cidr_block", "cidrBlock", Vpc::cidrBlock),
                    json("additional_cidr_blocks", "additionalCidrBlocks", Vpc::additionalCidrBlocks),
                    bool("is_default", "defaultVpc", Vpc::defaultVpc),
                    integer("subnet_count", "subnetCount", Vpc::subnetCount),
                    text("state", "state", Vpc::state),
                    text("region", "region", Vpc::region),
                    json("tags", "tags", Vpc::tags),
                    bool("flow_logs_enabled", "flowLogsEnabled", Vpc::flowLogsEnabled),
                    integer("default_sg_ingress_rules", "defaultSecurityGroupIngressRules", Vpc::defaultSecurityGroupIngressRules),
                    integer("default_sg_egress_rules", "defaultSecurityGroupEgressRules", Vpc::defaultSecurityGroupEgressRules)),
            List.of(Filter.flag("default", "Default VPC", "is_default"), Filter.flag("flowLogs", "Flow logs", "flow_logs_enabled")));

    public static final ResourceTable<RdsInstance> RDS = new ResourceTable<>(ServiceType.RDS, RdsInstance.class,
            List.of(
                    text("db_identifier", "dbIdentifier", RdsInstance::dbIdentifier),
                    text("engine", "engine", RdsInstance::engine),
                    text("engine_version", "engineVersion", RdsInstance::engineVersion),
                    integer("storage_gb", "storageGb", RdsInstance::storageGb),
                    bool("is_public", "publiclyAccessible", RdsInstance::publiclyAccessible),
                    integer("backup_retention_days", "backupRetentionDays", RdsInstance::backupRetentionDays),
                    bool("storage_encrypted", "storageEncrypted", RdsInstance::storageEncrypted),
                    bool("multi_az", "multiAz", RdsInstance::multiAz),
                    text("instance_class", "instanceClass", RdsInstance::instanceClass),
                    text("status", "status", RdsInstance::status),
                    bool("deletion_protection", "deletionProtection", RdsInstance::deletionProtection),
                    text("region", "region", RdsInstance::region),
                    bool("auto_minor_version_upgrade", "autoMinorVersionUpgrade", RdsInstance::autoMinorVersionUpgrade),
                    json("tags", "tags", RdsInstance::tags)),
            List.of(Filter.flag("public", "Public", "is_public"), Filter.flag("encrypted", "Encrypted", "storage_encrypted"),
                    Filter.flag("multiAz", "Multi-AZ", "multi_az"), Filter.equalTo("engine", "Engine", "engine", "mysql", "mariadb",
                            "postgres", "aurora-mysql", "aurora-postgresql", "oracle-ee", "sqlserver-se")));

    private static final Map<ServiceType, ResourceTable<?>> BY_SERVICE =
            Map.of(ServiceType.EC2, EC2, ServiceType.S3, S3, ServiceType.VPC, VPC, ServiceType.RDS, RDS);

    private ResourceTables() {
    }

    public static ResourceTable<?> of(ServiceType service) {
        return BY_SERVICE.get(service);
    }

    public static List<ResourceTable<?>> all() {
        return List.of(EC2, S3, VPC, RDS);
    }

    private static Object block(S3Bucket bucket, java.util.function.Predicate<S3Bucket.PublicAccessBlock> flag) {
        return bucket.publicAccessBlock() == null ? null : flag.test(bucket.publicAccessBlock());
    }
}
