package io.clouddiagnoze.events;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanRequested;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.clouddiagnoze.service.security.RsaKeys;
import io.clouddiagnoze.testsupport.TestCertificates;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;

/** The two scan tokens, each good for its own kind of event only, and the time each is checked against. */
class ScanTokenVerifierTest {
    private static final String SCAN_ISSUER = "https://clouddiagnoze.local/scan-orchestrator";
    private static final String ROLE = "arn:aws:iam::111122223333:role/CloudDiagnozeScanner";
    private static final String EXTERNAL_ID = "cd-3f9c2a61-8d1e-4b7a-9c55-0e2f6a1b7d44";
    private static KeyPair keys;
    private static ScanTokenVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        verifier = new ScanTokenVerifier(new JWTAuthContextInfo(keys.getPublic(), SCAN_ISSUER), SCAN_ISSUER);
    }

    @Test
    void aBatchTakenByTheBrokerWhileItsTokenWasValidIsAcceptedLaterFromABacklog() {
        Instant signed = Instant.now().minus(Duration.ofHours(3));
        String token = sign(events(), signed, signed.plus(Duration.ofHours(1)));

        assertThatCode(() -> verifier.verify(batchRecord(token, TimestampType.LOG_APPEND_TIME, signed.plus(Duration.ofMinutes(20))),
                batch())).doesNotThrowAnyException();
    }

    @Test
    void theSameBatchReplayedAfterItsTokenExpiredIsRefused() {
        Instant signed = Instant.now().minus(Duration.ofHours(3));
        String token = sign(events(), signed, signed.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> verifier.verify(batchRecord(token, TimestampType.LOG_APPEND_TIME, Instant.now()), batch()))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("tenant token expired at");
    }

    /** A producer sets its own CreateTime: where the topic keeps no log-append time, the time of reading counts. */
    @Test
    void aTimeTheSenderWroteDoesNotCount() {
        Instant signed = Instant.now().minus(Duration.ofHours(3));
        String token = sign(events(), signed, signed.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> verifier.verify(batchRecord(token, TimestampType.CREATE_TIME, signed.plus(Duration.ofMinutes(20))),
                batch())).isInstanceOf(RejectedEvent.class).hasMessageContaining("expired");
    }

    @Test
    void aRequestTokenCannotFeedAScanRun() {
        String token = sign(request(ROLE, EXTERNAL_ID), Instant.now(), Instant.now().plus(Duration.ofMinutes(15)));

        assertThatThrownBy(() -> verifier.verify(batchRecord(token, TimestampType.LOG_APPEND_TIME, Instant.now()), batch()))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("tenant token refused");
    }

    @Test
    void anEventsTokenCannotStartAScan() {
        String token = sign(events(), Instant.now(), Instant.now().plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> verifier.verify(requestRecord(token), scanRequest(ROLE, EXTERNAL_ID)))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("scan request token refused");
    }

    @Test
    void aRequestIsScannedOnlyForTheRoleAndExternalIdItsTokenNames() {
        String token = sign(request(ROLE, EXTERNAL_ID), Instant.now(), Instant.now().plus(Duration.ofMinutes(15)));

        assertThatCode(() -> verifier.verify(requestRecord(token), scanRequest(ROLE, EXTERNAL_ID))).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(requestRecord(token),
                scanRequest("arn:aws:iam::444455556666:role/CloudDiagnozeScanner", "cd-other-tenant")))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("role ARN or ExternalId other than");
        assertThatThrownBy(() -> verifier.verify(requestRecord(token), scanRequest(ROLE, "cd-guessed")))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("role ARN or ExternalId other than");
    }

    @Test
    void aRequestMustCarryItsScansEventsToken() {
        String token = sign(request(ROLE, EXTERNAL_ID), Instant.now(), Instant.now().plus(Duration.ofMinutes(15)));
        ConsumerRecord<String, byte[]> withoutEventsToken = record(EventHeaders.REQUEST_TOKEN, token, TimestampType.LOG_APPEND_TIME,
                Instant.now());

        assertThatThrownBy(() -> verifier.verify(withoutEventsToken, scanRequest(ROLE, EXTERNAL_ID)))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("no tenant token");
    }

    /** However the request's own {@code requestedAt} was written, its age is its token's. */
    @Test
    void aRequestWhoseTokenHasExpiredIsRefusedAsTimedOut() {
        Instant signed = Instant.now().minus(Duration.ofMinutes(17));
        String token = sign(request(ROLE, EXTERNAL_ID), signed, signed.plus(Duration.ofMinutes(15)));

        assertThatThrownBy(() -> verifier.verify(requestRecord(token), scanRequest(ROLE, EXTERNAL_ID)))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("scan request token expired at")
                .hasMessageContaining("its run has timed out");
    }

    /** Where the scan tokens' key set is fetched over HTTPS, the authority given for the access tokens' is trusted. */
    @Test
    void theKeySetIsFetchedOverHttpsFromAServerTheGivenAuthoritySigned() throws Exception {
        try (TestCertificates certificates = TestCertificates.forLocalhost()) {
            byte[] keySet = new JsonWebKeySet(RsaKeys.jwk(keys.getPublic())).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                    .getBytes(StandardCharsets.UTF_8);
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(certificates.servingCertificate()));
            server.createContext("/.well-known/scan-jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keySet.length);
                exchange.getResponseBody().write(keySet);
                exchange.close();
            });
            server.start();
            try {
                String location = "https://localhost:" + server.getAddress().getPort() + "/.well-known/scan-jwks.json";
                JWTAuthContextInfo trustingTheAuthority = new JWTAuthContextInfo();
                trustingTheAuthority.setTlsCertificatePath(certificates.authority().toString());
                ScanTokenVerifier trusting = new ScanTokenVerifier(trustingTheAuthority, location, SCAN_ISSUER);
                ScanTokenVerifier notTrusting = new ScanTokenVerifier(new JWTAuthContextInfo(), location, SCAN_ISSUER);
                String token = events().issuedAt(Instant.now()).expiresAt(Instant.now().plus(Duration.ofHours(1)))
                        .jws().keyId(RsaKeys.keyId(keys.getPrivate())).sign(keys.getPrivate());
                ConsumerRecord<String, byte[]> record = batchRecord(token, TimestampType.LOG_APPEND_TIME, Instant.now());

                assertThatCode(() -> trusting.verify(record, batch())).doesNotThrowAnyException();
                assertThatThrownBy(() -> notTrusting.verify(record, batch())).isInstanceOf(RejectedEvent.class)
                        .hasMessageContaining("tenant token refused");
            } finally {
                server.stop(0);
            }
        }
    }

    private static JwtClaimsBuilder scan() {
        return Jwt.issuer(SCAN_ISSUER).subject("7").claim(TenantTokenClaims.TENANT, "7").claim(TenantTokenClaims.SCAN_RUN, 42)
                .claim(TenantTokenClaims.SERVICE, "ec2").groups(TenantTokenClaims.GROUP_SCAN);
    }

    private static JwtClaimsBuilder events() {
        return scan().audience(TenantTokenClaims.AUDIENCE_SCAN_EVENTS);
    }

    private static JwtClaimsBuilder request(String roleArn, String externalId) {
        return scan().audience(TenantTokenClaims.AUDIENCE_SCAN_REQUEST)
                .claim(TenantTokenClaims.ROLE, TenantTokenClaims.roleDigest(roleArn, externalId));
    }

    private static String sign(JwtClaimsBuilder claims, Instant issued, Instant expires) {
        return claims.issuedAt(issued).expiresAt(expires).jws().sign(keys.getPrivate());
    }

    private static ResourcesDiscovered batch() {
        return new ResourcesDiscovered(42, 7, ServiceType.EC2, "us-east-1", 0, List.of(), Instant.now());
    }

    private static ScanRequested scanRequest(String roleArn, String externalId) {
        return new ScanRequested(42, 7, ServiceType.EC2, roleArn, externalId, List.of(), Instant.now());
    }

    private static ConsumerRecord<String, byte[]> batchRecord(String token, TimestampType type, Instant timestamp) {
        return record(EventHeaders.TENANT_TOKEN, token, type, timestamp);
    }

    /** A request with {@code token} as its request token and a valid events token beside it. */
    private static ConsumerRecord<String, byte[]> requestRecord(String token) {
        ConsumerRecord<String, byte[]> record = record(EventHeaders.REQUEST_TOKEN, token, TimestampType.LOG_APPEND_TIME, Instant.now());
        record.headers().add(EventHeaders.TENANT_TOKEN, sign(events(), Instant.now(), Instant.now().plus(Duration.ofHours(1)))
                .getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static ConsumerRecord<String, byte[]> record(String header, String token, TimestampType type, Instant timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(header, token.getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("topic", 0, 0, timestamp.toEpochMilli(), type, 1, 2, "7", new byte[2], headers, Optional.empty());
    }
}
