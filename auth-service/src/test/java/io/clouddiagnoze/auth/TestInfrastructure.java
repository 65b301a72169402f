package io.clouddiagnoze.auth;

import io.clouddiagnoze.testsupport.MariaDbTestResource;
import io.clouddiagnoze.testsupport.SmtpServer;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every test of this module runs against a fresh, migrated MariaDB database and a real SMTP server, with {@link TestTokens}' two public keys
 * configured for publication: the key of HTTP tokens as a retired key of auth-service's, the key of scan tokens as
 * scan-orchestrator's.
 */
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(TestInfrastructure.AdditionalPublicKey.class)
@QuarkusTestResource(SmtpServer.class)
public class TestInfrastructure {

    /** Writes {@link TestTokens}' public keys where auth-service reads the keys it publishes beside its own. */
    public static class AdditionalPublicKey implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("auth.jwt.additional-public-keys-file", file("additional-public-keys", TestTokens.userPublicKeyPem()),
                    "auth.jwt.scan-token-public-keys-file", file("scan-token-public-keys", TestTokens.scanPublicKeyPem()));
        }

        private static String file(String name, String pem) {
            try {
                Path file = Files.createTempFile(name, ".pem");
                Files.writeString(file, pem);
                file.toFile().deleteOnExit();
                return file.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
        }
    }
}
