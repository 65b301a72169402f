package io.clouddiagnoze.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clouddiagnoze.service.config.ProductionSettings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks reading signing keys from PEM and naming them by their RFC 7638 thumbprint. */
class RsaKeysTest {
    private static final KeyPair KEYS = generate();

    @TempDir
    Path directory;

    @Test
    void aKeyWrittenAsPemIsReadBackFromTheSettingOrFromAFile() throws Exception {
        String pem = RsaKeys.pem("PRIVATE KEY", KEYS.getPrivate().getEncoded());
        Path file = Files.writeString(directory.resolve("signing-key.pem"), pem);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
        assertThat(pem.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(64));
        assertThat(RsaKeys.signingKey(pem, null, null, "SIGNING_KEY")).isEqualTo(KEYS.getPrivate());
        assertThat(RsaKeys.signingKey(null, file, null, "SIGNING_KEY")).isEqualTo(KEYS.getPrivate());
    }

    @Test
    void aPemThatIsNotAnRsaPrivateKeyIsRefused() {
        String publicKey = RsaKeys.pem("PUBLIC KEY", KEYS.getPublic().getEncoded());

        assertThatThrownBy(() -> RsaKeys.signingKey(publicKey, null, null, "SIGNING_KEY"))
                .isInstanceOf(IllegalStateException.class).hasMessage("a signing key is not an RSA private key in PKCS#8 PEM");
    }

    @Test
    void theKeyIdIsTheRfc7638ThumbprintOfThePublicKey() throws Exception {
        RSAPublicKey key = (RSAPublicKey) KEYS.getPublic();
        String members = "{\"e\":\"" + base64url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64url(key.getModulus()) + "\"}";
        byte[] thumbprint = MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8));

        assertThat(RsaKeys.keyId(KEYS.getPrivate())).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(thumbprint));
    }

    @Test
    void theSignersKidIsTheOneThePublishedKeyCarries() {
        RsaJsonWebKey published = RsaKeys.jwk(RsaKeys.publicKeyOf(KEYS.getPrivate()));

        assertThat(published.getKeyId()).isEqualTo(RsaKeys.keyId(KEYS.getPrivate()))
                .isNotEqualTo(RsaKeys.keyId(generate().getPrivate()));
        assertThat(published.getAlgorithm()).isEqualTo("RS256");
        assertThat(published.getUse()).isEqualTo("sig");
        assertThat(published.getRsaPublicKey()).isEqualTo(KEYS.getPublic());
    }

    @Test
    void aPrivateKeyWithoutItsCrtParametersCannotSign() throws Exception {
        RSAPrivateCrtKey full = (RSAPrivateCrtKey) KEYS.getPrivate();
        PrivateKey bare = KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateKeySpec(full.getModulus(), full.getPrivateExponent()));

        assertThatThrownBy(() -> RsaKeys.publicKeyOf(bare)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void inProductionAMissingKeyStopsTheServiceNamingTheSettings() {
        assumeTrue(ProductionSettings.active(), "a plain JVM runs in Quarkus's default profile, prod");
        Path devFile = directory.resolve("dev-signing-key.pem");

        assertThatThrownBy(() -> RsaKeys.signingKey(null, null, devFile, "AUTH_SIGNING_KEY or AUTH_SIGNING_KEY_FILE"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("refusing to start in production: no signing key; set AUTH_SIGNING_KEY or AUTH_SIGNING_KEY_FILE");
        assertThat(devFile).doesNotExist();
    }

    /** A big-endian integer without a sign byte, base64url-encoded as JWK members are. */
    private static String base64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] unsigned = bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
