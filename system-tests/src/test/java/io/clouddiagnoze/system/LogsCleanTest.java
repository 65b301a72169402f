package io.clouddiagnoze.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** After every other case: no log line of any process holds a password, a secret, an AWS key or a token. */
@FaultFamily
@Order(6)
class LogsCleanTest {
    private static final Pattern TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ");
    /** The platform's AWS secret key in front of aws-emulator (deploy/local/stack.sh). */
    private static final String PLATFORM_AWS_SECRET = "platform-demo-secret";

    private final Faults faults;

    LogsCleanTest(Faults faults) {
        this.faults = faults;
    }

    @Test
    @Tag("logs_clean")
    void logsClean() throws IOException {
        List<String> secrets = new ArrayList<>(List.of(PLATFORM_AWS_SECRET));
        for (Map.Entry<String, String> secret : faults.stack.secrets().entrySet()) {
            if (secret.getKey().endsWith("PASSWORD") || secret.getKey().endsWith("SECRET")) {
                secrets.add(secret.getValue());
            }
        }
        long lines = 0;
        long leaked = 0;
        List<Path> logs;
        try (Stream<Path> files = Files.list(faults.stack.runDir().resolve("logs"))) {
            logs = files.filter(file -> file.toString().endsWith(".log")).toList();
        }
        for (Path log : logs) {
            // Byte for byte: a log may hold bytes that are not UTF-8.
            try (Stream<String> text = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                for (String line : (Iterable<String>) text::iterator) {
                    lines++;
                    if (secrets.stream().anyMatch(line::contains) || TOKEN.matcher(line).find()) {
                        leaked++;
                    }
                }
            }
        }
        FaultTable.verdict("logs_clean", leaked == 0, leaked == 0
                ? lines + " log lines searched for " + secrets.size() + " secrets and for tokens: none found"
                : leaked + " of " + lines + " log lines hold a secret or a token", 0);
    }
}
