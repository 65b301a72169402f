package io.clouddiagnoze.emulator.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SigV4 credential scope a request was signed with ({@code AKID/date/region/service/aws4_request}):
 * it names the caller's access key, the region and the service, which is all routing needs.
 * Signatures are not verified; the emulator trusts whoever signs.
 */
public record CredentialScope(String accessKeyId, String region, String service) {

    private static final Pattern SCOPE =
            Pattern.compile("([^/\\s,]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request");
    private static final Pattern HEADER_CREDENTIAL = Pattern.compile("Credential=([^,\\s]+)");

    /** The scope from the Authorization header, or from {@code X-Amz-Credential} of a presigned URL. */
    public static Optional<CredentialScope> of(AwsRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.startsWith("AWS4-HMAC-SHA256")) {
            Matcher credential = HEADER_CREDENTIAL.matcher(authorization);
            return credential.find() ? parse(credential.group(1)) : Optional.empty();
        }
        for (String pair : request.rawQuery().split("&")) {
            if (pair.startsWith("X-Amz-Credential=")) {
                return parse(URLDecoder.decode(pair.substring("X-Amz-Credential=".length()), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static Optional<CredentialScope> parse(String credential) {
        Matcher scope = SCOPE.matcher(credential);
        if (!scope.matches()) {
            return Optional.empty();
        }
        return Optional.of(new CredentialScope(scope.group(1), scope.group(3), scope.group(4)));
    }
}
