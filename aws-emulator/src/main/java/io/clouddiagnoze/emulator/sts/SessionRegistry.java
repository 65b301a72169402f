package io.clouddiagnoze.emulator.sts;

import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.server.Caller;
import io.clouddiagnoze.emulator.state.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary credentials AssumeRole issued. A request signed with one of these access keys acts in the
 * role's account; any other access key is the platform's own and acts in the platform account, except
 * temporary-looking ({@code ASIA}) keys this emulator never issued, which are rejected as AWS rejects them.
 */
public final class SessionRegistry {

    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final String platformAccountId;
    private final Clock clock;

    public SessionRegistry(String platformAccountId, Clock clock) {
        this.platformAccountId = platformAccountId;
        this.clock = clock;
    }

    /** One issued set of temporary credentials. */
    public record Session(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                          Role role, String sessionName, String roleId) {

        public String assumedRoleArn() {
            return "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName;
        }
    }

    public Session issue(Role role, String sessionName, int durationSeconds) {
        Session session = new Session("ASIA" + randomText(KEY_ALPHABET, 16), randomText(SECRET_ALPHABET, 40),
                "IQoJb3JpZ2luX2VtdW" + randomText(SECRET_ALPHABET, 200),
                clock.instant().plusSeconds(durationSeconds), role, sessionName,
                "AROA" + randomText(KEY_ALPHABET, 17));
        sessions.put(session.accessKeyId(), session);
        return session;
    }

    /** Who signs with this access key; an expired or unknown temporary key is a 403. */
    public Caller caller(String accessKeyId) {
        Session session = sessions.get(accessKeyId);
        if (session == null) {
            if (accessKeyId.startsWith("ASIA")) {
                throw new ApiError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
            }
            return new Caller(accessKeyId, platformAccountId,
                    "arn:aws:iam::" + platformAccountId + ":user/clouddiagnoze-platform", "AIDA" + accessKeyId, null);
        }
        if (!clock.instant().isBefore(session.expiration())) {
            throw new ApiError(403, "ExpiredToken", "The security token included in the request is expired");
        }
        return new Caller(accessKeyId, session.role().accountId(), session.assumedRoleArn(),
                session.roleId() + ":" + session.sessionName(), session.role().arn());
    }

    private String randomText(char[] alphabet, int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(text);
    }
}
