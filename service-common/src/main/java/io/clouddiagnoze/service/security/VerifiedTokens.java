package io.clouddiagnoze.service.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer tokens of API requests, verified once and then remembered for a minute (never past their expiry), so that a
 * client's next requests with the same token cost a map lookup instead of a signature check and the parsing of its
 * claims again: that was half of what scan-orchestrator allocated while answering the findings back to back.
 *
 * <p>Only a token this parser verified is remembered, under its exact text: another text, even one byte of the
 * signature, is verified in full. What a minute allows: a token signed by a key that the JWKS dropped since is still
 * accepted until its entry lapses. At most {@link #CAPACITY} tokens are held; when full, the lapsed are dropped, and a
 * token that still finds no room is simply verified each time.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends DefaultJWTParser {
    static final int CAPACITY = 4096;
    static final Duration HELD = Duration.ofMinutes(1);

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;

    @Inject
    VerifiedTokens(JWTAuthContextInfo context) {
        this(context, Clock.systemUTC(), CAPACITY);
    }

    VerifiedTokens(JWTAuthContextInfo context, Clock clock, int capacity) {
        super(context);
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = clock.millis();
        Verified known = verified.get(token);
        if (known != null && now < known.until()) {
            return known.token();
        }
        JsonWebToken fresh = super.parse(token);
        remember(token, fresh, now);
        return fresh;
    }

    private void remember(String text, JsonWebToken token, long now) {
        long until = Math.min(now + HELD.toMillis(), token.getExpirationTime() * 1000);
        if (verified.size() >= capacity) {
            verified.values().removeIf(entry -> entry.until() <= now);
        }
        if (verified.size() < capacity) {
            verified.put(text, new Verified(token, until));
        }
    }

    private record Verified(JsonWebToken token, long until) {
    }
}
