package io.clouddiagnoze.system;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load through the gateway with wrk (Debian's package): {@code connections} clients sending the given
 * requests round-robin, back to back or each pausing {@code pace} on average between a response and its next
 * request. The pauses are drawn at random (exponentially, as independent users' think times are): a fixed pause
 * keeps all clients in step from their common start, and their requests arrive in bursts of {@code connections}
 * at once. wrk times a request from when it is sent, so a paced run's percentiles leave out how late a request
 * started; back to back they are the service's under full load.
 */
final class Wrk {
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([\\d.]+)", Pattern.MULTILINE);
    private static final Pattern COUNT = Pattern.compile("^\\s+(\\d+) requests in", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** One request of the mix: its path and query, and the bearer token it carries (none when null). */
    record Request(String path, String token) {
    }

    /** What wrk measured. */
    record Result(double p50Millis, double p99Millis, double requestsPerSecond, long requests, long errors) {
        @Override
        public String toString() {
            return String.format("p50 %.1f ms, p99 %.1f ms, %,.0f requests/s (%,d requests, %d errors)", p50Millis, p99Millis,
                    requestsPerSecond, requests, errors);
        }
    }

    private final URI gateway;
    private final Path scratch;
    private final int connections;

    Wrk(URI gateway, Path scratch, int connections) {
        this.gateway = gateway;
        this.scratch = scratch;
        this.connections = connections;
    }

    Result run(List<Request> requests, Duration time, Duration pace) throws IOException, InterruptedException {
        Path script = Files.createTempFile(scratch, "wrk-", ".lua", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(script, script(requests, pace), StandardCharsets.UTF_8);
            Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + time.toSeconds() + "s", "--latency",
                    "--timeout", "10s", "-s", script.toString(), gateway.toString()).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!wrk.waitFor(time.toSeconds() + 60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            return parse(output);
        } finally {
            Files.delete(script);
        }
    }

    /** A Lua script for wrk: each thread walks the requests from its own start; {@code delay} paces each connection. */
    private static String script(List<Request> requests, Duration pace) {
        StringBuilder lua = new StringBuilder("local threads = 0\n")
                .append("function setup(thread) threads = threads + 1; thread:set(\"seed\", threads) end\n")
                .append("local requests = {\n");
        for (Request request : requests) {
            lua.append("  {").append(quoted(request.path())).append(", ").append(request.token() == null ? "nil" : quoted(request.token()))
                    .append("},\n");
        }
        lua.append("}\n")
                .append("local position = 0\n")
                .append("function init(args) math.randomseed(seed); position = math.random(#requests) end\n")
                .append("function request()\n")
                .append("  position = position % #requests + 1\n")
                .append("  local r = requests[position]\n")
                .append("  local headers = {}\n")
                .append("  if r[2] then headers[\"Authorization\"] = \"Bearer \" .. r[2] end\n")
                .append("  return wrk.format(\"GET\", r[1], headers)\n")
                .append("end\n");
        if (!pace.isZero()) {
            lua.append("function delay() return math.floor(-").append(pace.toMillis()).append(" * math.log(1 - math.random())) end\n");
        }
        return lua.toString();
    }

    private static String quoted(String text) {
        if (!text.matches("[\\w\\-./?=&:%+]*")) {
            throw new IllegalArgumentException("not a plain path or token: " + text);
        }
        return "\"" + text + "\"";
    }

    static Result parse(String output) {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double value = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                case "us" -> 0.001;
                case "ms" -> 1;
                default -> 1000;
            };
            if (percentile.group(1).equals("50")) {
                p50 = value;
            } else {
                p99 = value;
            }
        }
        Matcher rate = RATE.matcher(output);
        Matcher count = COUNT.matcher(output);
        if (Double.isNaN(p50) || Double.isNaN(p99) || !rate.find() || !count.find()) {
            throw new IllegalStateException("cannot read wrk's output: " + output);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new Result(p50, p99, Double.parseDouble(rate.group(1)), Long.parseLong(count.group(1)), errors);
    }
}
