package io.clouddiagnoze.emulator.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer: status, content type, extra headers and body. */
public record Reply(int status, String contentType, Map<String, String> headers, byte[] body) {

    public static final String XML = "text/xml";

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply of(int status, String contentType, byte[] body) {
        return new Reply(status, contentType, Map.of(), body);
    }

    public static Reply xml(int status, XmlWriter xml) {
        return of(status, XML, xml.toBytes());
    }

    public static Reply json(int status, String json) {
        return of(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer without a body, as HEAD requests and some S3 errors get. */
    public static Reply empty(int status) {
        return of(status, null, new byte[0]);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, contentType, copy, body);
    }
}
