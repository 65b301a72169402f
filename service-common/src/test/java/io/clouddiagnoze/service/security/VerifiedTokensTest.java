package io.clouddiagnoze.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A token is verified once and remembered no longer than a minute nor past its expiry; any other text is verified in full. */
class VerifiedTokensTest {
    private static final String ISSUER = "https://clouddiagnoze.test/auth";
    private static KeyPair ours;
    private static KeyPair theirs;

    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeAll
    static void keys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        ours = generator.generateKeyPair();
        theirs = generator.generateKeyPair();
    }

    @Test
    void aTokenSeenAgainIsTheOneVerifiedBefore() throws Exception {
        VerifiedTokens tokens = parser();
        String token = sign(ours, "7", clock.instant().plus(Duration.ofMinutes(15)));

        JsonWebToken first = tokens.parse(token);
        JsonWebToken again = tokens.parse(token);

        assertThat(first.getSubject()).isEqualTo("7");
        assertThat(again).isSameAs(first);
    }

    @Test
    void anotherSignatureOnTheSameClaimsIsRefusedWhileTheGenuineTokenIsRemembered() throws Exception {
        VerifiedTokens tokens = parser();
        Instant expiry = clock.instant().plus(Duration.ofMinutes(15));
        String genuine = sign(ours, "7", expiry);
        tokens.parse(genuine);
        String[] parts = genuine.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + sign(theirs, "7", expiry).split("\\.")[2];

        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse(sign(theirs, "7", expiry))).isInstanceOf(ParseException.class);
    }

    @Test
    void aRememberedTokenIsVerifiedAgainAfterAMinute() throws Exception {
        VerifiedTokens tokens = parser();
        String token = sign(ours, "7", clock.instant().plus(Duration.ofMinutes(15)));
        JsonWebToken first = tokens.parse(token);

        clock.move(VerifiedTokens.HELD);

        assertThat(tokens.parse(token)).isNotSameAs(first).extracting(JsonWebToken::getSubject).isEqualTo("7");
    }

    /** On the system's clock, as the signature check's own expiry test is: the token lives two seconds. */
    @Test
    void aTokenIsRefusedOnceItExpiresThoughItWasRemembered() throws Exception {
        VerifiedTokens tokens = parser(Clock.systemUTC());
        String token = sign(ours, "7", Instant.now().plusSeconds(2));
        tokens.parse(token);

        Thread.sleep(3_000);

        assertThatThrownBy(() -> tokens.parse(token)).isInstanceOf(ParseException.class);
    }

    @Test
    void pastItsCapacityEveryTokenIsStillVerifiedAndTheFirstOnesStayRemembered() throws Exception {
        JWTAuthContextInfo context = new JWTAuthContextInfo(ours.getPublic(), ISSUER);
        VerifiedTokens tokens = new VerifiedTokens(context, clock, 3);
        Instant expiry = clock.instant().plus(Duration.ofMinutes(15));
        List<String> texts = new ArrayList<>();
        List<JsonWebToken> parsed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            texts.add(sign(ours, String.valueOf(i), expiry));
            parsed.add(tokens.parse(texts.get(i)));
        }

        assertThat(parsed).extracting(JsonWebToken::getSubject).containsExactly("0", "1", "2", "3", "4");
        assertThat(tokens.parse(texts.get(0))).isSameAs(parsed.get(0));
        assertThat(tokens.parse(texts.get(4))).isNotSameAs(parsed.get(4)).extracting(JsonWebToken::getSubject).isEqualTo("4");
        assertThatThrownBy(() -> tokens.parse(sign(theirs, "late", expiry))).isInstanceOf(ParseException.class);
    }

    private VerifiedTokens parser() {
        return parser(clock);
    }

    /** A parser of this issuer's tokens signed with {@code ours}, remembering on {@code clock}, without leeway on the expiry. */
    private static VerifiedTokens parser(Clock clock) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(ours.getPublic(), ISSUER);
        context.setClockSkew(0);
        return new VerifiedTokens(context, clock, VerifiedTokens.CAPACITY);
    }

    private static String sign(KeyPair key, String subject, Instant expiry) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(key.getPrivate());
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return signature.getCompactSerialization();
    }

    /** A clock the test moves: it times what is remembered, never the signature check's own expiry test. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
