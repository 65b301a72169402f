package io.clouddiagnoze.auth;

import io.clouddiagnoze.testsupport.MariaDbTestResource;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every test of this module runs against a fresh, migrated MariaDB database, with the public key of
 * another signer (standing in for scan-orchestrator's) configured for publication.
 */
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(TestInfrastructure.AdditionalPublicKey.class)
public class TestInfrastructure {

    /** Writes {@link TestTokens}' public key where auth-service reads its additional published keys. */
    public static class AdditionalPublicKey implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Path file = Files.createTempFile("additional-public-keys", ".pem");
                Files.writeString(file, TestTokens.publicKeyPem());
                file.toFile().deleteOnExit();
                return Map.of("auth.jwt.additional-public-keys-file", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
        }
    }
}
