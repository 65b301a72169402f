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
 * The RSA key that signs access and service tokens, and the public keys that verify CloudDiagnoze's tokens, in two
 * JWK sets that never share a key: the set for HTTP tokens holds the signing key's and those of retired keys whose
 * tokens may still be valid (so that keys rotate without logging anyone out); the set for scan tokens holds
 * scan-orchestrator's. A service verifies an HTTP token against the first and a scan event's against the second
 * only, so that the scan-token key, which several services' events carry tokens of, cannot sign a user's way in.
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
    private final String scanJwks;

    SigningKeys(@ConfigProperty(name = "auth.jwt.signing-key") Optional<String> signingKeyPem,
                @ConfigProperty(name = "auth.jwt.signing-key-file") Optional<Path> signingKeyFile,
                @ConfigProperty(name = "auth.jwt.additional-public-keys-file") Optional<Path> additionalKeysFile,
                @ConfigProperty(name = "auth.jwt.scan-token-public-keys-file") Optional<Path> scanKeysFile,
                @ConfigProperty(name = "auth.jwt.dev-key-file") Path devKeyFile) {
        this.privateKey = RsaKeys.signingKey(signingKeyPem.orElse(null), signingKeyFile.orElse(null), devKeyFile,
                "AUTH_JWT_SIGNING_KEY_FILE or AUTH_JWT_SIGNING_KEY");
        this.keyId = RsaKeys.keyId(privateKey);
        List<JsonWebKey> published = new ArrayList<>();
        published.add(RsaKeys.jwk(RsaKeys.publicKeyOf(privateKey)));
        additionalKeysFile.map(SigningKeys::publicKeys).orElse(List.of()).forEach(key -> published.add(RsaKeys.jwk(key)));
        this.jwks = jwks(published);
        this.scanJwks = jwks(scanKeysFile.map(SigningKeys::publicKeys).orElse(List.of()).stream().map(RsaKeys::jwk).toList());
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The {@code kid} header of tokens signed now. */
    public String keyId() {
        return keyId;
    }

    /** The JWK set of HTTP tokens: the signing key's public half and the additional public keys. */
    public String jwks() {
        return jwks;
    }

    /** The JWK set of scan tokens: scan-orchestrator's public keys. */
    public String scanJwks() {
        return scanJwks;
    }

    private static String jwks(List<? extends JsonWebKey> keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
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
