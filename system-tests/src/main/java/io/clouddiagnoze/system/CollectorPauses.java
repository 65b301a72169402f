package io.clouddiagnoze.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's garbage-collection pauses in a window, from the log deploy/local/stack.sh has each JVM write
 * ({@code logs/NAME.gc.log}, {@code -Xlog:gc} with the time of each line): what stops every request in flight.
 */
final class CollectorPauses {
    private static final Pattern PAUSE = Pattern.compile("^\\[([^]]+)]\\[[^]]+] GC\\(\\d+\\) Pause .* ([\\d.]+)ms$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final Path logs;

    CollectorPauses(Path runDir) {
        this.logs = runDir.resolve("logs");
    }

    /** The pauses of {@code service} from {@code start} to {@code end}: how many, their sum and the longest, in milliseconds. */
    record Window(int count, double totalMillis, double longestMillis) {
        @Override
        public String toString() {
            return String.format("%d collections, %.0f ms paused in all, the longest %.1f ms", count, totalMillis, longestMillis);
        }
    }

    Window between(String service, Instant start, Instant end) throws IOException {
        Path log = logs.resolve(service + ".gc.log");
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        int count = 0;
        double total = 0;
        double longest = 0;
        for (String line : lines) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.matches()) {
                Instant at = OffsetDateTime.parse(pause.group(1), TIME).toInstant();
                if (!at.isBefore(start) && at.isBefore(end)) {
                    double millis = Double.parseDouble(pause.group(2));
                    count++;
                    total += millis;
                    longest = Math.max(longest, millis);
                }
            }
        }
        return new Window(count, total, longest);
    }
}
