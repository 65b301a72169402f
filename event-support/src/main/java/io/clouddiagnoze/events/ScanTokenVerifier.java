package io.clouddiagnoze.events;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.ScanEvent;
import io.clouddiagnoze.contracts.TenantTokenClaims;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks the scan-scoped token of a scan event: signed by a key auth-service publishes in its JWK set of scan tokens
 * ({@code clouddiagnoze.scan-token.jwks-url}, never the set of HTTP tokens), issued by scan-orchestrator,
 * of group {@code scan}, for the audience of the event's kind, naming the same tenant, scan run and service as the
 * event, and not expired. A forged or misrouted event therefore cannot act on another tenant's data.
 * <ul>
 * <li>A scan request needs its request token, which also names the role to assume (a digest of the role ARN and
 * ExternalId): a request whose role differs from the one signed is refused, so that nobody able to write to the
 * request topic can point a scanner at another account. Its age is the token's: expired, the request is for a run
 * that has timed out, and nothing is scanned. It must also carry its scan's events token, valid for the same scan.</li>
 * <li>A batch or a result needs its scan's events token, valid when the broker took the record (its log-append time,
 * where the topic keeps one), so that a backlog does not expire it and a late replay finds it expired.</li>
 * </ul>
 */
@ApplicationScoped
public class ScanTokenVerifier {
    /** How far apart the clocks of the signer, the broker and this service may be. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** The parser checks signature, issuer and audience; the expiry is checked here, against the time that counts. */
    private static final int EXPIRY_CHECKED_HERE = (int) Duration.ofDays(3650).toSeconds();

    /** One parser per audience, each with the key resolver (and JWKS cache) of its own context. */
    private final JWTParser requestTokens;
    private final JWTParser eventTokens;

    @Inject
    ScanTokenVerifier(JWTAuthContextInfo accessTokens, @ConfigProperty(name = "clouddiagnoze.scan-token.jwks-url") String scanKeys,
                      @ConfigProperty(name = "clouddiagnoze.scan-token.issuer") String scanIssuer) {
        this(scanKeys(accessTokens, scanKeys), scanIssuer);
    }

    /** Verifies scan tokens signed by the keys of {@code scanKeys}' context. */
    ScanTokenVerifier(JWTAuthContextInfo scanKeys, String scanIssuer) {
        this.requestTokens = new DefaultJWTParser(context(scanKeys, scanIssuer, TenantTokenClaims.AUDIENCE_SCAN_REQUEST));
        this.eventTokens = new DefaultJWTParser(context(scanKeys, scanIssuer, TenantTokenClaims.AUDIENCE_SCAN_EVENTS));
    }

    /** The access tokens' rules (algorithm, JWKS refresh), with the scan tokens' key set instead of theirs. */
    private static JWTAuthContextInfo scanKeys(JWTAuthContextInfo accessTokens, String location) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(accessTokens);
        context.setPublicKeyLocation(location);
        context.setPublicKeyContent(null);
        context.setPublicVerificationKey(null);
        return context;
    }

    private static JWTAuthContextInfo context(JWTAuthContextInfo scanKeys, String issuer, String audience) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(scanKeys);
        context.setIssuedBy(issuer);
        context.setExpectedAudience(Set.of(audience));
        context.setClockSkew(EXPIRY_CHECKED_HERE);
        return context;
    }

    public void verify(ConsumerRecord<String, byte[]> record, ScanEvent event) throws RejectedEvent {
        if (event instanceof ScanRequested request) {
            JsonWebToken token = parse(record, EventHeaders.REQUEST_TOKEN, requestTokens, "scan request token");
            requireScope(token, "scan request token", event);
            if (!TenantTokenClaims.roleDigest(request.roleArn(), request.externalId()).equals(claim(token, TenantTokenClaims.ROLE))) {
                throw new RejectedEvent("the request names a role ARN or ExternalId other than the ones its token was signed"
                        + " for: not scanned");
            }
            requireUnexpired(token, Instant.now(), "scan request token", ": its run has timed out, or will, and is not scanned");
            requireEventsToken(record, event, Instant.now());
        } else {
            requireEventsToken(record, event, takenAt(record));
        }
    }

    /** The scan's events token, which a request carries for the scanner to put on what it finds. */
    private void requireEventsToken(ConsumerRecord<String, byte[]> record, ScanEvent event, Instant at) {
        JsonWebToken token = parse(record, EventHeaders.TENANT_TOKEN, eventTokens, "tenant token");
        requireScope(token, "tenant token", event);
        requireUnexpired(token, at, "tenant token", "");
    }

    private JsonWebToken parse(ConsumerRecord<String, byte[]> record, String header, JWTParser parser, String kind) {
        String token = EventReader.header(record, header);
        if (token == null || token.isBlank()) {
            throw new RejectedEvent("no " + kind);
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw new RejectedEvent(kind + " refused: " + e.getMessage());
        }
        if (!jwt.getGroups().contains(TenantTokenClaims.GROUP_SCAN)) {
            throw new RejectedEvent(kind + " is not a scan token");
        }
        return jwt;
    }

    private static void requireScope(JsonWebToken token, String kind, ScanEvent event) {
        requireClaim(token, kind, TenantTokenClaims.TENANT, String.valueOf(event.tenantId()));
        requireClaim(token, kind, TenantTokenClaims.SCAN_RUN, String.valueOf(event.scanRunId()));
        requireClaim(token, kind, TenantTokenClaims.SERVICE, event.service().id());
    }

    private static void requireClaim(JsonWebToken token, String kind, String claim, String expected) {
        String actual = claim(token, claim);
        if (!expected.equals(actual)) {
            throw new RejectedEvent(kind + " names " + claim + " " + actual + " but the event names " + expected);
        }
    }

    private static String claim(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        return value == null ? null : value.toString().replace("\"", "");
    }

    private static void requireUnexpired(JsonWebToken token, Instant at, String kind, String consequence) {
        Instant expires = Instant.ofEpochSecond(token.getExpirationTime());
        Instant issued = Instant.ofEpochSecond(token.getIssuedAtTime());
        if (at.isAfter(expires.plus(CLOCK_SKEW))) {
            throw new RejectedEvent(kind + " expired at " + expires + " (signed at " + issued + ", checked as of " + at + ")"
                    + consequence);
        }
        if (issued.isAfter(at.plus(CLOCK_SKEW))) {
            throw new RejectedEvent(kind + " was signed at " + issued + ", after " + at);
        }
    }

    /** When the broker took the record, where the topic keeps that; otherwise now, as a sender may set its own time. */
    private static Instant takenAt(ConsumerRecord<?, ?> record) {
        return record.timestampType() == TimestampType.LOG_APPEND_TIME ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
    }
}
