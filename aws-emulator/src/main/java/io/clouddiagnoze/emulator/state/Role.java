package io.clouddiagnoze.emulator.state;

import io.clouddiagnoze.emulator.protocol.ApiError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IAM role a tenant created for the platform, trusted only with its ExternalId. */
public record Role(String arn, String externalId) {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]+)");

    public Role {
        if (arn == null || !ROLE_ARN.matcher(arn).matches()) {
            throw ApiError.badRequest("ValidationError", "'" + arn + "' is not a valid IAM role ARN.");
        }
    }

    public String accountId() {
        return part(1);
    }

    public String name() {
        return part(2);
    }

    private String part(int group) {
        Matcher matcher = ROLE_ARN.matcher(arn);
        matcher.matches();
        return matcher.group(group);
    }
}
