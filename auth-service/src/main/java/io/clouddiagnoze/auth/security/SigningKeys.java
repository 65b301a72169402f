package io.clouddiagnoze.auth.security;

import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The RSA key that signs access tokens, and every public key that verifies them: the signing key's and
 * those of retired keys whose tokens may still be valid, so that keys can rotate without logging anyone
 * out.
 *
 * <p>The signing key (PKCS#8 PEM) comes from {@code auth.jwt.signing-key} (the PEM text, e.g. from an
 * environment variable) or {@code auth.jwt.signing-key-file}. When neither is given, a development key
 * is generated once into {@code auth.jwt.dev-key-file} and reused on later starts.
 */
@ApplicationScoped
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final Pattern PEM_PUBLIC_KEY =
            Pattern.compile("-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", Pattern.DOTALL);

    private final RsaJsonWebKey signingKey;
    private final String jwks;

    SigningKeys(@ConfigProperty(name = "auth.jwt.signing-key") Optional<String> signingKeyPem,
                @ConfigProperty(name = "auth.jwt.signing-key-file") Optional<Path> signingKeyFile,
                @ConfigProperty(name = "auth.jwt.retired-public-keys-file") Optional<Path> retiredKeysFile,
                @ConfigProperty(name = "auth.jwt.dev-key-file") Path devKeyFile) {
        PrivateKey privateKey = decodePrivateKey(signingKeyPem.filter(pem -> !pem.isBlank())
                .or(() -> signingKeyFile.map(SigningKeys::read))
                .orElseGet(() -> developmentKey(devKeyFile)));
        this.signingKey = rsaJwk(publicKeyOf(privateKey));
        this.signingKey.setPrivateKey(privateKey);
        List<JsonWebKey> published = new ArrayList<>();
        published.add(rsaJwk(signingKey.getRsaPublicKey()));
        retiredKeysFile.map(SigningKeys::read).map(SigningKeys::decodePublicKeys).orElse(List.of())
                .forEach(key -> published.add(rsaJwk(key)));
        this.jwks = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public PrivateKey privateKey() {
        return signingKey.getPrivateKey();
    }

    /** The {@code kid} header of tokens signed now. */
    public String keyId() {
        return signingKey.getKeyId();
    }

    /** The JWK set to publish: the signing key's public half and any retired keys'. */
    public String jwks() {
        return jwks;
    }

    private static String developmentKey(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        LOG.warnf("no signing key configured (auth.jwt.signing-key or auth.jwt.signing-key-file);"
                + " generating a development key in %s", file);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "signing-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, pem);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return pem;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development key to " + file, e);
        }
    }

    private static PrivateKey decodePrivateKey(String pem) {
        try {
            return KeyUtils.decodePrivateKey(pem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the signing key is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    private static List<PublicKey> decodePublicKeys(String pem) {
        List<PublicKey> keys = new ArrayList<>();
        Matcher matcher = PEM_PUBLIC_KEY.matcher(pem);
        while (matcher.find()) {
            try {
                keys.add(KeyUtils.decodePublicKey(matcher.group(0)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("a retired public key is not an RSA public key in PEM", e);
            }
        }
        return keys;
    }

    private static PublicKey publicKeyOf(PrivateKey privateKey) {
        if (!(privateKey instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalStateException("the signing key must be an RSA private key with CRT parameters");
        }
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RsaJsonWebKey rsaJwk(PublicKey publicKey) {
        RsaJsonWebKey jwk = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) publicKey);
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        return jwk;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }
}
