package io.clouddiagnoze.auth.service;

import io.clouddiagnoze.service.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a password must be: long enough, within bcrypt's 72 bytes, and not a well-known one. */
public final class PasswordPolicy {
    static final int MIN_LENGTH = 12;
    /** bcrypt reads only the first 72 bytes; a longer password would be silently cut. */
    static final int MAX_BYTES = 72;
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    /** Refuses {@code password} with a 400 naming {@code field}; {@code email} is already normalised. */
    public static void check(String field, String password, String email) {
        if (password.length() < MIN_LENGTH) {
            throw ProblemException.invalidField(field, "must have at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ProblemException.invalidField(field, "must have at most " + MAX_BYTES + " bytes in UTF-8");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String emailName = email.substring(0, Math.max(0, email.indexOf('@')));
        boolean containsEmailName = emailName.length() >= 4 && lower.contains(emailName);
        if (COMMON.contains(lower) || hasFewDistinctCharacters(lower) || isSequence(lower) || containsEmailName) {
            throw ProblemException.invalidField(field, "is too easy to guess; choose one that is not common");
        }
    }

    /** Such as "aaaaaaaaaaaa" or "abababababab". */
    private static boolean hasFewDistinctCharacters(String password) {
        return password.chars().distinct().count() <= 2;
    }

    /** Runs such as "123456789012" or "abcdefghijkl", forwards or backwards. */
    private static boolean isSequence(String password) {
        int step = password.charAt(1) - password.charAt(0);
        if (Math.abs(step) != 1) {
            return false;
        }
        for (int i = 2; i < password.length(); i++) {
            if (password.charAt(i) - password.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/common-passwords.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
