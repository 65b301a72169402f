package io.clouddiagnoze.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for one test run, and a server certificate it signed for {@code localhost} and
 * {@code 127.0.0.1}: what a cluster's issuer gives a service, made here with the machine's openssl. The files are
 * deleted on {@link #close()}.
 */
public final class TestCertificates implements AutoCloseable {
    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    public static TestCertificates forLocalhost() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("test-certificates");
        TestCertificates certificates = new TestCertificates(directory);
        Files.writeString(directory.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        certificates.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=CloudDiagnoze test authority", "-keyout", "authority.key", "-out", "authority.pem");
        certificates.openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr");
        certificates.openssl("x509", "-req", "-in", "server.csr", "-CA", "authority.pem", "-CAkey", "authority.key",
                "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.pem");
        return certificates;
    }

    /** The authority's certificate (PEM): what a client is told to trust. */
    public Path authority() {
        return directory.resolve("authority.pem");
    }

    /** The server's certificate (PEM), for localhost and 127.0.0.1. */
    public Path certificate() {
        return directory.resolve("server.pem");
    }

    /** The server's private key (PEM). */
    public Path key() {
        return directory.resolve("server.key");
    }

    /** A TLS context that trusts this authority and nothing else. */
    public SSLContext trustingAuthorityOnly() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(authority())) {
            trusted.setCertificateEntry("authority", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A TLS context that presents the server certificate, for a test's own HTTPS server. */
    public SSLContext servingCertificate() throws IOException, GeneralSecurityException {
        String pem = Files.readString(key()).replaceAll("-----[A-Z ]+-----|\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyStore served = KeyStore.getInstance(KeyStore.getDefaultType());
        served.load(null, null);
        try (InputStream certificate = Files.newInputStream(certificate())) {
            served.setKeyEntry("server", privateKey, new char[0],
                    new Certificate[] {CertificateFactory.getInstance("X.509").generateCertificate(certificate)});
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(served, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    @Override
    public void close() throws IOException {
        LocalMachine.deleteTree(directory);
    }

    private void openssl(String... arguments) throws IOException, InterruptedException {
        LocalMachine.run(directory, Duration.ofSeconds(30), Stream.concat(Stream.of("openssl"), Stream.of(arguments)).toList());
    }
}
