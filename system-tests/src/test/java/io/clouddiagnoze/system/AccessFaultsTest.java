package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.service.security.RsaKeys;
import io.clouddiagnoze.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Who may do what: forged tokens, another tenant's data, a password guessed again and again. */
@FaultFamily
@Order(4)
class AccessFaultsTest {
    private static final List<String> TENANT_ENDPOINTS = List.of("/api/scans", "/api/findings", "/api/inventory/s3", "/api/metrics/idle",
            "/auth/me");

    private final Faults faults;

    AccessFaultsTest(Faults faults) {
        this.faults = faults;
    }

    /**
     * Tokens that are missing, unsigned, signed with the public key as an HMAC secret, expired, from another issuer, for
     * another audience or none, altered after signing, signed by a key the JWKS does not publish, or signed by
     * scan-orchestrator's key (which signs scan tokens, and must not make a user's): every one is a 401.
     */
    @Test
    @Tag("forged_tokens")
    void forgedTokens() throws Exception {
        String real = faults.tenant("forged-tokens").token();
        ObjectNode header = ForgedTokens.part(real, 0);
        ObjectNode claims = ForgedTokens.part(real, 1);
        PrivateKey signing = ForgedTokens.stackKey(faults.stack.runDir(), "auth-signing");
        PrivateKey scanSigning = ForgedTokens.stackKey(faults.stack.runDir(), "scan-token");
        PrivateKey stranger = TestTokens.newKeyPair().getPrivate();
        String publicKeyPem = RsaKeys.pem("PUBLIC KEY", RsaKeys.publicKeyOf(signing).getEncoded());
        // The control: the same claims signed again with the real key must be accepted, or the rest proves nothing.
        int control = answersOtherThan(200, ForgedTokens.sign(header, claims, signing));
        String[] parts = real.split("\\.");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("none", null);
        tokens.put("alg_none", ForgedTokens.sign(Api.JSON.createObjectNode().put("alg", "none").put("typ", "JWT"), claims, null));
        tokens.put("hs256_public_key", ForgedTokens.sign(header.deepCopy().put("alg", "HS256"), claims,
                new HmacKey(publicKeyPem.getBytes(StandardCharsets.US_ASCII))));
        tokens.put("expired", ForgedTokens.sign(header, ForgedTokens.expired(claims), signing));
        tokens.put("other_issuer", ForgedTokens.sign(header, claims.deepCopy().put("iss", "https://issuer.invalid/auth"), signing));
        tokens.put("scan_audience", ForgedTokens.sign(header, claims.deepCopy().put("aud", "clouddiagnoze-scan-events"), signing));
        ObjectNode noAudience = claims.deepCopy();
        noAudience.remove("aud");
        tokens.put("no_audience", ForgedTokens.sign(header, noAudience, signing));
        tokens.put("scan_key", ForgedTokens.sign(header.deepCopy().put("kid", RsaKeys.keyId(scanSigning)), claims, scanSigning));
        tokens.put("tampered", parts[0] + "." + ForgedTokens.base64Url(claims.deepCopy().put("tenant", "1").put("sub", "1").toString()) + "."
                + parts[2]);
        tokens.put("unknown_kid", ForgedTokens.sign(header.deepCopy().put("kid", "unknown-key"), claims, stranger));
        tokens.put("stranger_key", ForgedTokens.sign(header, claims, stranger));
        int wrong = 0;
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            int forged = answersOtherThan(401, token.getValue());
            if (forged > 0) {
                wrong += forged;
                System.out.println("      " + token.getKey() + ": " + forged + " endpoints did not answer 401");
            }
        }
        int scheduler = faults.api.call("POST", "/api/scheduled-scans/run", real, Map.of()).statusCode();
        boolean held = control == 0 && wrong == 0 && scheduler == 403;
        FaultTable.verdict("forged_tokens", held, held
                ? tokens.size() + " kinds of bad token × " + TENANT_ENDPOINTS.size() + " endpoints all 401 (the same claims re-signed: 200);"
                        + " a user token on the scheduler endpoint: 403"
                : "re-signed control: " + control + " wrong; bad tokens: " + wrong + " answers not 401; scheduler endpoint: " + scheduler, 0);
    }

    /** How many of the tenant endpoints answer {@code token} with another status than {@code status}. */
    private int answersOtherThan(int status, String token) {
        return (int) TENANT_ENDPOINTS.stream().filter(path -> faults.api.call("GET", path, token, null).statusCode() != status).count();
    }

    /** Tenant B tries every way into what tenant A has: each answers 404, and A's data is still whole afterwards. */
    @Test
    @Tag("other_tenant")
    void otherTenant() throws Exception {
        Api.Tenant owner = faults.tenant("owner");
        long run = faults.scanToEnd(owner, "ec2");
        String instance = faults.database.text("SELECT instance_id FROM ec2_instances WHERE scan_run_id = " + run + " LIMIT 1");
        String rows = "SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = " + run;
        long before = faults.database.count(rows);
        String intruder = faults.api.signUp("reliability-intruder").token();
        List<String> calls = List.of("GET /api/scans/" + run, "GET /api/scans/" + run + "/resources", "GET /api/scans/" + run + "/export?format=csv",
                "GET /api/scans/" + run + "/export?format=json", "GET /api/scans/" + run + "/diff", "DELETE /api/scans/" + run,
                "GET /api/resources/ec2/" + instance + "/history", "GET /api/metrics/ec2/" + instance + "?metric=cpuUtilization");
        int wrong = 0;
        for (String call : calls) {
            String[] methodAndPath = call.split(" ", 2);
            if (faults.api.call(methodAndPath[0], methodAndPath[1], intruder, null).statusCode() != 404) {
                wrong++;
                System.out.println("      " + call + " did not answer 404");
            }
        }
        String listed = faults.api.get("/api/scans", intruder).path("total").asText()
                + faults.api.get("/api/inventory/ec2", intruder).path("resources").path("total").asText();
        long after = faults.database.count(rows);
        boolean held = wrong == 0 && listed.equals("00") && before == after && before > 0;
        FaultTable.verdict("other_tenant", held, held
                ? "another tenant read, exported, diffed and deleted nothing of " + before + " instances: " + calls.size() + " calls, all 404;"
                        + " it lists nothing"
                : "another tenant: " + wrong + " of " + calls.size() + " calls not 404, listings " + listed + ", rows " + before + " → " + after,
                before - after);
    }

    /** A brute-force loop on one account's password: after 5 failures even the right password is refused (429). */
    @Test
    @Tag("brute_force")
    void bruteForce() {
        int attempts = 30;
        Api.Account account = faults.api.register("reliability-brute-force");
        int refused = 0;
        for (int i = 1; i <= attempts; i++) {
            if (login(account.email(), "guess-number-" + i + "-of-many") == 429) {
                refused++;
            }
        }
        int answer = login(account.email(), account.password());
        boolean held = refused == attempts - 5 && answer == 429;
        FaultTable.verdict("brute_force", held, held
                ? attempts + " wrong passwords: the last " + refused + " refused with 429, then the right password too"
                : attempts + " wrong passwords: " + refused + " refused with 429; the right one then got " + answer, 0);
    }

    private int login(String email, String password) {
        return faults.api.call("POST", "/auth/login", null, Map.of("email", email, "password", password)).statusCode();
    }
}
