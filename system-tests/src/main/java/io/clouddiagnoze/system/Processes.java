package io.clouddiagnoze.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The processes deploy/local/stack.sh started, by name (from {@code $RUN_DIR/pids} and the broker's pid file),
 * and what Linux says of each: peak resident memory since a reset, and CPU time.
 */
final class Processes {
    /** Clock ticks per second of {@code /proc/PID/stat}'s times (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> pids;

    private Processes(Map<String, Long> pids) {
        this.pids = pids;
    }

    static Processes of(Path runDir) {
        Map<String, Long> pids = new TreeMap<>();
        try (Stream<Path> files = Files.list(runDir.resolve("pids"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                pids.put(name, Long.parseLong(Files.readString(file).trim()));
            }
            Path broker = runDir.resolve("kafka/broker.pid");
            if (Files.exists(broker)) {
                pids.put("kafka-broker", Long.parseLong(Files.readString(broker).trim()));
            }
            mariadb().ifPresent(pid -> pids.put("mariadb", pid));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stack's pid files under " + runDir + ": is it up?", e);
        }
        return new Processes(pids);
    }

    /** The MariaDB server's pid (it may be the machine's, not started by the stack): the process named mariadbd. */
    private static Optional<Long> mariadb() throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .filter(dir -> {
                        try {
                            return Files.readString(dir.resolve("comm")).trim().equals("mariadbd");
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .map(dir -> Long.parseLong(dir.getFileName().toString())).findFirst();
        }
    }

    /** Starts each process's peak RSS afresh (Linux: {@code 5} to {@code clear_refs} resets VmHWM). */
    void resetPeaks() {
        pids.values().forEach(pid -> {
            try {
                Files.writeString(Path.of("/proc", String.valueOf(pid), "clear_refs"), "5");
            } catch (IOException e) {
                throw new IllegalStateException("cannot reset the peak RSS of pid " + pid, e);
            }
        });
    }

    /** Each process's peak RSS since the last reset, in MiB. */
    Map<String, Double> peakRssMib() {
        Map<String, Double> peaks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> peaks.put(name, statusKib(pid, "VmHWM") / 1024.0));
        return peaks;
    }

    /** Each process's CPU time so far (user + system), in seconds. */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                // The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the line.
                List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                cpu.put(name, (Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12))) / TICKS_PER_SECOND);
            } catch (IOException e) {
                throw new IllegalStateException("process " + name + " (pid " + pid + ") is gone", e);
            }
        });
        return cpu;
    }

    private static long statusKib(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
    }
}
