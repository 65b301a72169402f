package io.clouddiagnoze.service.security;

import io.clouddiagnoze.service.config.ProductionSettings;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.jboss.logging.Logger;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The RSA signing keys of CloudDiagnoze's tokens: read from PEM, or generated once for development, and
 * named by their RFC 7638 thumbprint so that the {@code kid} a signer puts in a token is the one under
 * which auth-service publishes the key.
 */
public final class RsaKeys {
    private static final Logger LOG = Logger.getLogger(RsaKeys.class);

    private RsaKeys() {
    }

    /**
     * The private key in {@code pem} (PKCS#8), or else in {@code file}, or else, outside production, a development key
     * kept in {@code devFile}. In production a missing key stops the service, naming {@code settings}, the settings
     * that give it.
     */
    public static PrivateKey signingKey(String pem, Path file, Path devFile, String settings) {
        if (pem != null && !pem.isBlank()) {
            return decodePrivateKey(pem);
        }
        if (file != null) {
            return decodePrivateKey(read(file));
        }
        if (ProductionSettings.active()) {
            throw ProductionSettings.refusal("no signing key; set " + settings);
        }
        if (!Files.exists(devFile)) {
            LOG.warnf("no signing key configured; generating a development key in %s", devFile);
            writeDevelopmentKey(devFile);
        }
        return decodePrivateKey(read(devFile));
    }

    /** The public JWK of {@code key}, with its thumbprint as {@code kid}, for RS256 signatures. */
    public static RsaJsonWebKey jwk(PublicKey key) {
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) key);
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        return jwk;
    }

    /** The {@code kid} of tokens signed with {@code key}. */
    public static String keyId(PrivateKey key) {
        return jwk(publicKeyOf(key)).getKeyId();
    }

    public static PublicKey publicKeyOf(PrivateKey privateKey) {
        if (!(privateKey instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalStateException("a signing key must be an RSA private key with CRT parameters");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static PrivateKey decodePrivateKey(String pem) {
        try {
            return KeyUtils.decodePrivateKey(pem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a signing key is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    private static void writeDevelopmentKey(Path file) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "signing-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, pem);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development key to " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }
}
