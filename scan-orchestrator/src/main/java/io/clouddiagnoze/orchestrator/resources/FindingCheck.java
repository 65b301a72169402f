package io.clouddiagnoze.orchestrator.resources;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.Finding.Control;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A security check over the resources of a scan: the resources that meet its SQL condition fail it, and the columns of
 * its evidence are what made them fail; {@code compliance} names the controls of frameworks it answers. Ids follow the
 * names cloud security tools use for the same checks.
 */
public record FindingCheck(String id, ServiceType service, Severity severity, String title, String condition,
                           String remediation, List<String> evidence, List<Control> compliance) {

    /** Most severe first, as the findings table's ENUM orders them too. */
    public enum Severity { critical, high, medium, low }



    public static final List<FindingCheck> ALL = List.of(
            sql("s3_bucket_public_access", ServiceType.S3, Severity.high, "S3 bucket is publicly accessible", "is_public = 1",
                    "Turn on Block Public Access for the bucket and remove public grants from its bucket policy and ACL.",
                    List.of("is_public", "block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")),
            sql("s3_bucket_default_encryption", ServiceType.S3, Severity.medium, "S3 bucket has no default encryption",
                    "is_encrypted = 0", "Set default encryption on the bucket (SSE-S3 or SSE-KMS).",
                    List.of("is_encrypted", "encryption_type")),
            sql("s3_bucket_versioning", ServiceType.S3, Severity.low, "S3 bucket versioning is off", "versioning_enabled = 0",
                    "Enable versioning so that overwritten or deleted objects can be recovered.", List.of("versioning_enabled")),
            sql("s3_bucket_level_public_access_block", ServiceType.S3, Severity.medium,
                    "S3 bucket does not block public access with all four settings",
                    "NOT (IFNULL(block_public_acls, 0) AND IFNULL(ignore_public_acls, 0) AND IFNULL(block_public_policy, 0)"
                            + " AND IFNULL(restrict_public_buckets, 0))",
                    "Turn on all four Block Public Access settings on the bucket.",
                    List.of("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")).cis("2.1.4"),
            sql("s3_account_level_public_access_blocks", ServiceType.S3, Severity.medium,
                    "The bucket's account does not block public access with all four settings", "account_blocks_public_access = 0",
                    "Turn on all four Block Public Access settings for the account, so that no bucket of it can be made public.",
                    List.of("account_blocks_public_access")).cis("2.1.4"),
            sql("s3_bucket_secure_transport_policy", ServiceType.S3, Severity.medium, "S3 bucket accepts requests over plain HTTP",
                    "secure_transport_required = 0",
                    "Add a bucket policy statement that denies s3:* to every principal when aws:SecureTransport is false.",
                    List.of("secure_transport_required")).cis("2.1.1"),
            sql("s3_bucket_no_mfa_delete", ServiceType.S3, Severity.low, "S3 bucket is versioned without MFA Delete",
                    "versioning_enabled = 1 AND mfa_delete_enabled = 0",
                    "As the root user, turn on MFA Delete in the bucket's versioning configuration, so that deleting a version"
                            + " or suspending versioning needs a second factor.",
                    List.of("versioning_enabled", "mfa_delete_enabled")).cis("2.1.2"),
            sql("rds_instance_no_public_access", ServiceType.RDS, Severity.high, "RDS instance is publicly accessible",
                    "is_public = 1", "Modify the instance to be not publicly accessible and reach it from inside its VPC.",
                    List.of("is_public")).cis("2.3.3"),
            sql("rds_instance_storage_encrypted", ServiceType.RDS, Severity.medium, "RDS instance storage is not encrypted",
                    "storage_encrypted = 0",
                    "Restore an encrypted copy from a snapshot; storage encryption cannot be turned on in place.",
                    List.of("storage_encrypted")).cis("2.3.1"),
            sql("rds_instance_minor_version_upgrade_enabled", ServiceType.RDS, Severity.low,
                    "RDS instance does not apply minor engine upgrades automatically", "auto_minor_version_upgrade = 0",
                    "Turn on auto minor version upgrade, so that engine security fixes arrive in the maintenance window.",
                    List.of("auto_minor_version_upgrade")).cis("2.3.2"),
            sql("rds_instance_backup_enabled", ServiceType.RDS, Severity.medium, "RDS instance keeps backups for less than 7 days",
                    "backup_retention_days < 7", "Set the backup retention period to 7 days or more.",
                    List.of("backup_retention_days")),
            sql("rds_instance_multi_az", ServiceType.RDS, Severity.low, "RDS instance is not Multi-AZ", "multi_az = 0",
                    "Modify the instance to Multi-AZ for automatic failover.", List.of("multi_az")),
            sql("ec2_instance_public_ip", ServiceType.EC2, Severity.medium, "EC2 instance has a public IP address",
                    "public_ip IS NOT NULL",
                    "Place the instance in a private subnet behind a load balancer or NAT, without a public IP.",
                    List.of("public_ip")),
            sql("ec2_instance_imdsv2_enabled", ServiceType.EC2, Severity.medium, "EC2 instance does not require IMDSv2",
                    "imdsv2_required = 0", "Set the instance metadata options to HttpTokens=required.", List.of("imdsv2_required")).cis("5.6"),
            port(22, "SSH"),
            port(3389, "RDP"),
            sql("ec2_securitygroup_allow_ingress_from_internet_to_all_ports", ServiceType.EC2, Severity.critical,
                    "Security group allows every port from the internet",
                    openIngress("ingress.protocol = '-1' OR ingress.protocol <> 'icmp' AND (ingress.from_port IS NULL"
                            + " OR ingress.to_port IS NULL OR ingress.from_port <= 0 AND ingress.to_port >= 65535)"),
                    "Replace the inbound rule from 0.0.0.0/0 or ::/0 that covers all protocols or ports with rules for the"
                            + " ports the instance serves, from the addresses that need them.",
                    List.of("open_ingress")).cis("5.2", "5.3"),
            sql("vpc_flow_logs_enabled", ServiceType.VPC, Severity.low, "VPC has no flow logs", "flow_logs_enabled = 0",
                    "Create a flow log for the VPC to CloudWatch Logs or S3.", List.of("flow_logs_enabled")).cis("3.7"),
            sql("ec2_securitygroup_default_restrict_traffic", ServiceType.VPC, Severity.medium,
                    "The VPC's default security group allows traffic",
                    "default_sg_ingress_rules > 0 OR default_sg_egress_rules > 0",
                    "Remove every inbound and outbound rule of the VPC's default security group and give resources"
                            + " security groups of their own.",
                    List.of("default_sg_ingress_rules", "default_sg_egress_rules")).cis("5.4"));

    private static FindingCheck sql(String id, ServiceType service, Severity severity, String title, String condition,
                                    String remediation, List<String> evidence) {
        return new FindingCheck(id, service, severity, title, condition, remediation, evidence, List.of());
    }

    /** This check, answering these controls of CIS AWS Foundations Benchmark v3.0.0 too. */
    private FindingCheck cis(String... controls) {
        return new FindingCheck(id, service, severity, title, condition, remediation, evidence,
                Arrays.stream(controls).map(control -> new Control(CisAwsFoundations.FRAMEWORK, control)).toList());
    }

    /** Whether this check answers the framework's control ({@code control} null: any of the framework's). */
    public boolean answers(String framework, String control) {
        return compliance.stream().anyMatch(c -> c.framework().equals(framework) && (control == null || c.control().equals(control)));
    }

    public static Optional<FindingCheck> byId(String id) {
        return ALL.stream().filter(check -> check.id().equals(id)).findFirst();
    }

    /**
     * Instances one of whose security group rules open {@code port} to the internet: a rule of any protocol but ICMP
     * whose range holds the port, or that has no range (all ports), as {@code OpenIngressRule#opens} says.
     */
    private static FindingCheck port(int port, String protocolName) {
        return new FindingCheck("ec2_securitygroup_allow_ingress_from_internet_to_port_" + port, ServiceType.EC2,
                Severity.high, "Security group allows " + protocolName + " (port " + port + ") from the internet",
                openIngress("ingress.protocol <> 'icmp' AND (ingress.from_port IS NULL OR ingress.to_port IS NULL"
                        + " OR ingress.from_port <= " + port + " AND " + port + " <= ingress.to_port)"),
                "Remove the inbound rule for port " + port + " from 0.0.0.0/0 and ::/0; allow only known addresses,"
                        + " or use Session Manager instead.", List.of("open_ingress"), List.of()).cis("5.2", "5.3");
    }

    /** Instances with a rule open to the internet ({@code open_ingress}, read as rows named {@code ingress}) that meets {@code rule}. */
    private static String openIngress(String rule) {
        return "EXISTS (SELECT 1 FROM JSON_TABLE(open_ingress, '$[*]' COLUMNS (protocol VARCHAR(16) PATH '$.protocol',"
                + " from_port INT PATH '$.fromPort', to_port INT PATH '$.toPort')) ingress WHERE " + rule + ")";
    }
}
