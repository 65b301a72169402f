package io.clouddiagnoze.emulator.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP request as the emulator received it; header names are lower-case. */
public record AwsRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

    public AwsRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
