package io.clouddiagnoze.auth.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.clouddiagnoze.service.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM role ARN a tenant hands over, and the trust policy that lets only CloudDiagnoze's principal,
 * presenting the tenant's ExternalId, assume it.
 */
public record AwsRole(String arn, String partition, String accountId) {
    /** arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, with IAM's characters and lengths for paths and names. */
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role/((?:[\\w+=,.@-]{1,64}/){0,32})([\\w+=,.@-]{1,64})");
    private static final int MAX_LENGTH = 2048;

    /** Parses {@code arn}, refusing anything that is not an IAM role ARN with a 400 naming {@code field}. */
    public static AwsRole parse(String arn, String field) {
        Matcher matcher = arn == null || arn.length() > MAX_LENGTH ? null : ROLE_ARN.matcher(arn);
        if (matcher == null || !matcher.matches()) {
            throw ProblemException.invalidField(field,
                    "must be an IAM role ARN such as arn:aws:iam::123456789012:role/CloudDiagnozeScanner");
        }
        return new AwsRole(arn, matcher.group(1), matcher.group(2));
    }

    /** The policy document to attach as the role's trust relationship, trusting {@code platform}. */
    public TrustPolicy trustPolicy(PlatformPrincipal platform, String externalId) {
        return new TrustPolicy("2012-10-17", List.of(new TrustPolicy.Statement("Allow",
                Map.of("AWS", platform.arn(partition)), "sts:AssumeRole",
                Map.of("StringEquals", Map.of("sts:ExternalId", externalId)))));
    }

    /** An IAM trust policy document, in IAM's own field names and order. */
    public record TrustPolicy(@JsonProperty("Version") String version, @JsonProperty("Statement") List<Statement> statement) {

        public record Statement(
                @JsonProperty("Effect") String effect,
                @JsonProperty("Principal") Map<String, String> principal,
                @JsonProperty("Action") String action,
                @JsonProperty("Condition") Map<String, Map<String, String>> condition) {
        }
    }
}
