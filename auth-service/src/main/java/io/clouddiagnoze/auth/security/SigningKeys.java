package io.clouddiagnoze.auth.security;

import io.clouddiagnoze.service.security.RsaKeys;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

/**
 * The RSA key that signs access tokens, and every public key that verifies CloudDiagnoze's tokens: the
 * signing key's, those of retired keys whose tokens may still be valid (so that keys rotate without
 * logging anyone out), and scan-orchestrator's, which signs the scan-scoped tenant tokens of scan events.
 * Every service thus verifies every token against this one JWK set.
 *
 * <p>The signing key (PKCS#8 PEM) comes from {@code auth.jwt.signing-key} (the PEM text, e.g. from an
 * environment variable) or {@code auth.jwt.signing-key-file}. When neither is given, a development key
 * is generated once into {@code auth.jwt.dev-key-file} and reused on later starts; in production the service
 * does not start.
 */
@ApplicationScoped
@Startup
public class SigningKeys {
    private static final Pattern PEM_PUBLIC_KEY =
            Pattern.compile("-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", Pattern.DOTALL);

    private final PrivateKey privateKey;
    private final String keyId;
    private final String jwks;

    SigningKeys(@ConfigProperty(name = "auth.jwt.signing-key") Optional<String> signingKeyPem,
                @ConfigProperty(name = "auth.jwt.signing-key-file") Optional<Path> signingKeyFile,
                @ConfigProperty(name = "auth.jwt.additional-public-keys-file") Optional<Path> additionalKeysFile,
                @ConfigProperty(name = "auth.jwt.dev-key-file") Path devKeyFile) {
        this.privateKey = RsaKeys.signingKey(signingKeyPem.orElse(null), signingKeyFile.orElse(null), devKeyFile,
                "AUTH_JWT_SIGNING_KEY_FILE or AUTH_JWT_SIGNING_KEY");
        this.keyId = RsaKeys.keyId(privateKey);
        List<JsonWebKey> published = new ArrayList<>();
        published.add(RsaKeys.jwk(RsaKeys.publicKeyOf(privateKey)));
        additionalKeysFile.map(SigningKeys::publicKeys).orElse(List.of()).forEach(key -> published.add(RsaKeys.jwk(key)));
        this.jwks = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The {@code kid} header of tokens signed now. */
    public String keyId() {
        return keyId;
    }

    /** The JWK set to publish: the signing key's public half and the additional public keys. */
    public String jwks() {
        return jwks;
    }

    private static List<PublicKey> publicKeys(Path file) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<PublicKey> keys = new ArrayList<>();
        Matcher matcher = PEM_PUBLIC_KEY.matcher(pem);
        while (matcher.find()) {
            try {
                keys.add(KeyUtils.decodePublicKey(matcher.group(0)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("an additional public key in " + file + " is not an RSA public key", e);
            }
        }
        return keys;
    }
}
