package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.service.config.ProductionSettings;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whom a tenant's trust policy lets assume its role: the role the scanners and metrics-collector run as, where the
 * deployment names it ({@code PLATFORM_AWS_PRINCIPAL_ARN}: in Kubernetes the role their service accounts carry), or
 * else the whole platform account ({@code PLATFORM_AWS_ACCOUNT_ID}), as when the platform runs with an operator's own
 * credentials. In production the account may not be the templates' placeholder, and the role must be in it.
 */
@ApplicationScoped
@Startup
public class PlatformPrincipal {
    static final String PLACEHOLDER_ACCOUNT = "000000000000";

    private final String accountId;
    private final Optional<AwsRole> role;

    PlatformPrincipal(@ConfigProperty(name = "auth.platform-aws-account-id") String accountId,
                      @ConfigProperty(name = "auth.platform-aws-principal-arn") Optional<String> principalArn) {
        if (ProductionSettings.active() && PLACEHOLDER_ACCOUNT.equals(accountId)) {
            throw ProductionSettings.refusal("PLATFORM_AWS_ACCOUNT_ID is the placeholder " + PLACEHOLDER_ACCOUNT
                    + "; set the AWS account CloudDiagnoze runs in");
        }
        this.accountId = accountId;
        this.role = principalArn.map(arn -> AwsRole.parse(arn, "PLATFORM_AWS_PRINCIPAL_ARN"));
        role.filter(platformRole -> !platformRole.accountId().equals(accountId)).ifPresent(platformRole -> {
            throw new IllegalStateException("PLATFORM_AWS_PRINCIPAL_ARN " + platformRole.arn()
                    + " is not a role of the platform account PLATFORM_AWS_ACCOUNT_ID " + accountId);
        });
    }

    /** The principal's ARN, for a tenant's role in {@code partition}. */
    public String arn(String partition) {
        return role.map(AwsRole::arn).orElse("arn:" + partition + ":iam::" + accountId + ":root");
    }
}
