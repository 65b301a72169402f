package io.clouddiagnoze.orchestrator.resources;

import java.util.List;

/**
 * The controls of CIS AWS Foundations Benchmark v3.0.0, each with the checks that answer it (those whose
 * {@link FindingCheck#compliance()} names it). Most controls concern IAM, CloudTrail, CloudWatch and services
 * CloudDiagnoze does not scan: they have no check and are reported as not evaluated, never as passed.
 */
public final class CisAwsFoundations {
    public static final String FRAMEWORK = "cis-aws-foundations";
    public static final String VERSION = "3.0.0";

    /** A control: its number in the benchmark, what it asks in short, and the checks that answer it. */
    public record Control(String id, String title) {
        public List<FindingCheck> checks() {
            return CisAwsFoundations.checks(id);
        }
    }

    /** The checks that answer {@code control}, or any control of the benchmark when it is null. */
    public static List<FindingCheck> checks(String control) {
        return FindingCheck.ALL.stream().filter(check -> check.answers(FRAMEWORK, control)).toList();
    }

    public static final List<Control> CONTROLS = List.of(
            new Control("1.1", "Account contact details are current"),
            new Control("1.2", "Security contact is registered"),
            new Control("1.3", "Security questions are registered"),
            new Control("1.4", "The root user has no access key"),
            new Control("1.5", "The root user has MFA"),
            new Control("1.6", "The root user has hardware MFA"),
            new Control("1.7", "The root user is not used for daily tasks"),
            new Control("1.8", "Password policy requires 14 characters or more"),
            new Control("1.9", "Password policy prevents reuse"),
            new Control("1.10", "IAM users with a console password have MFA"),
            new Control("1.11", "No access keys are made when a console user is set up"),
            new Control("1.12", "Credentials unused for 45 days are disabled"),
            new Control("1.13", "An IAM user has at most one active access key"),
            new Control("1.14", "Access keys are rotated within 90 days"),
            new Control("1.15", "IAM users get permissions only through groups"),
            new Control("1.16", "No policy granting *:* is attached"),
            new Control("1.17", "A support role exists for AWS Support incidents"),
            new Control("1.18", "Instances reach AWS resources through instance roles"),
            new Control("1.19", "Expired TLS certificates are removed from IAM"),
            new Control("1.20", "IAM Access Analyzer is on in every region"),
            new Control("1.21", "IAM users are managed centrally in multi-account setups"),
            new Control("1.22", "AWSCloudShellFullAccess is restricted"),
            new Control("2.1.1", "S3 bucket policies deny HTTP requests"),
            new Control("2.1.2", "S3 buckets have MFA Delete"),
            new Control("2.1.3", "S3 data is discovered, classified and secured"),
            new Control("2.1.4", "S3 buckets block public access"),
            new Control("2.2.1", "EBS volume encryption is on in every region"),
            new Control("2.3.1", "RDS instances are encrypted"),
            new Control("2.3.2", "RDS instances upgrade minor versions automatically"),
            new Control("2.3.3", "RDS instances are not publicly accessible"),
            new Control("2.4.1", "EFS file systems are encrypted"),
            new Control("3.1", "CloudTrail is on in every region"),
            new Control("3.2", "CloudTrail log file validation is on"),
            new Control("3.3", "AWS Config is on in every region"),
            new Control("3.4", "The CloudTrail bucket logs access"),
            new Control("3.5", "CloudTrail logs are encrypted with KMS keys"),
            new Control("3.6", "Customer-made symmetric KMS keys rotate"),
            new Control("3.7", "Every VPC has flow logs"),
            new Control("3.8", "S3 object-level write events are logged"),
            new Control("3.9", "S3 object-level read events are logged"),
            new Control("4.1", "Unauthorized API calls raise an alarm"),
            new Control("4.2", "Console sign-in without MFA raises an alarm"),
            new Control("4.3", "Use of the root user raises an alarm"),
            new Control("4.4", "IAM policy changes raise an alarm"),
            new Control("4.5", "CloudTrail configuration changes raise an alarm"),
            new Control("4.6", "Console authentication failures raise an alarm"),
            new Control("4.7", "Disabling or deleting customer KMS keys raises an alarm"),
            new Control("4.8", "S3 bucket policy changes raise an alarm"),
            new Control("4.9", "AWS Config changes raise an alarm"),
            new Control("4.10", "Security group changes raise an alarm"),
            new Control("4.11", "Network ACL changes raise an alarm"),
            new Control("4.12", "Network gateway changes raise an alarm"),
            new Control("4.13", "Route table changes raise an alarm"),
            new Control("4.14", "VPC changes raise an alarm"),
            new Control("4.15", "AWS Organizations changes raise an alarm"),
            new Control("4.16", "Security Hub is on"),
            new Control("5.1", "No network ACL opens administration ports to 0.0.0.0/0"),
            new Control("5.2", "No security group opens administration ports to 0.0.0.0/0"),
            new Control("5.3", "No security group opens administration ports to ::/0"),
            new Control("5.4", "The default security group of every VPC allows no traffic"),
            new Control("5.5", "VPC peering routes give least access"),
            new Control("5.6", "EC2 instances require IMDSv2"));

    private CisAwsFoundations() {
    }

    public static boolean has(String control) {
        return CONTROLS.stream().anyMatch(c -> c.id().equals(control));
    }
}
