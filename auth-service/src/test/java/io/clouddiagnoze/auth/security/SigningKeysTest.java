package io.clouddiagnoze.auth.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.service.security.RsaKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the signing key comes from (configuration text, a file, or a generated development key) and what is published. */
class SigningKeysTest {
    @TempDir
    Path directory;

    @Test
    void theKeyGivenAsPemTextSignsAndIsPublished() throws Exception {
        KeyPair operatorKey = rsaKeyPair();

        SigningKeys keys = new SigningKeys(Optional.of(pem(operatorKey)), Optional.empty(), Optional.empty(), Optional.empty(), devKeyFile());

        assertThat(keys.privateKey()).isEqualTo(operatorKey.getPrivate());
        assertThat(keys.keyId()).isEqualTo(RsaKeys.keyId(operatorKey.getPrivate()));
        assertThat(publishedKeyIds(keys.jwks())).containsExactly(keys.keyId());
        assertThat(devKeyFile()).doesNotExist();
    }

    @Test
    void theKeyGivenAsAFileSignsWhenNoPemTextIsGiven() throws Exception {
        KeyPair operatorKey = rsaKeyPair();
        Path keyFile = Files.writeString(directory.resolve("signing-key.pem"), pem(operatorKey));

        SigningKeys keys = new SigningKeys(Optional.of(""), Optional.of(keyFile), Optional.empty(), Optional.empty(), devKeyFile());

        assertThat(keys.privateKey()).isEqualTo(operatorKey.getPrivate());
        assertThat(devKeyFile()).doesNotExist();
    }

    @Test
    void withoutAKeyADevelopmentKeyIsGeneratedOnceReadableOnlyByItsOwnerAndReused() throws Exception {
        SigningKeys first = new SigningKeys(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), devKeyFile());
        SigningKeys second = new SigningKeys(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), devKeyFile());

        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(devKeyFile()))).isEqualTo("rw-------");
    }

    @Test
    void retiredKeysArePublishedBesideTheSigningKeyAndTheScanKeyApartNeitherSigning() throws Exception {
        KeyPair retired = rsaKeyPair();
        KeyPair scanTokenSigner = rsaKeyPair();
        Path additional = Files.writeString(directory.resolve("additional.pem"), RsaKeys.pem("PUBLIC KEY", retired.getPublic().getEncoded()));
        Path scanKeys = Files.writeString(directory.resolve("scan.pem"), RsaKeys.pem("PUBLIC KEY", scanTokenSigner.getPublic().getEncoded()));

        SigningKeys keys = new SigningKeys(Optional.empty(), Optional.empty(), Optional.of(additional), Optional.of(scanKeys), devKeyFile());

        assertThat(publishedKeyIds(keys.jwks())).containsExactly(keys.keyId(), RsaKeys.keyId(retired.getPrivate()));
        assertThat(publishedKeyIds(keys.scanJwks())).containsExactly(RsaKeys.keyId(scanTokenSigner.getPrivate()));
        assertThat(keys.jwks() + keys.scanJwks()).doesNotContain("\"d\"");
    }

    @Test
    void aKeyThatIsNotAPkcs8RsaPrivateKeyStopsTheStartWithAClearError() {
        assertThatThrownBy(() -> new SigningKeys(Optional.of("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"),
                Optional.empty(), Optional.empty(), Optional.empty(), devKeyFile()))
                .hasMessageContaining("not an RSA private key in PKCS#8 PEM");
    }

    private Path devKeyFile() {
        return directory.resolve("dev").resolve("signing-key.pem");
    }

    private static List<String> publishedKeyIds(String jwks) throws Exception {
        return new JsonWebKeySet(jwks).getJsonWebKeys().stream().map(key -> key.getKeyId()).toList();
    }

    private static String pem(KeyPair key) {
        return RsaKeys.pem("PRIVATE KEY", key.getPrivate().getEncoded());
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
