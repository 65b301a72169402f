package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.service.security.RsaKeys;
import io.clouddiagnoze.testsupport.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;

/** Tokens a verifier must refuse, made from a real one: its header and claims taken apart, changed, and signed again. */
final class ForgedTokens {
    private ForgedTokens() {
    }

    /** The JSON of a token's header (part 0) or claims (part 1). */
    static ObjectNode part(String token, int part) throws IOException {
        return (ObjectNode) Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[part]));
    }

    /** The claims, issued two hours ago and expired an hour ago. */
    static ObjectNode expired(ObjectNode claims) {
        long now = Instant.now().getEpochSecond();
        return claims.deepCopy().put("iat", now - 7200).put("exp", now - 3600);
    }

    static String sign(ObjectNode header, ObjectNode claims, Key key) {
        return TestTokens.signRaw(header.toString(), claims.toString(), key);
    }

    /** A signing key of the running stack ({@code $RUN_DIR/keys/NAME.pem}): auth-signing, or scan-token. */
    static PrivateKey stackKey(Path runDir, String name) {
        return RsaKeys.signingKey(null, runDir.resolve("keys/" + name + ".pem"), null, name);
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
