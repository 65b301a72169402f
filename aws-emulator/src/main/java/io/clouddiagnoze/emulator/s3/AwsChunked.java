package io.clouddiagnoze.emulator.s3;

import io.clouddiagnoze.emulator.protocol.ApiError;
import io.clouddiagnoze.emulator.server.AwsRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request body as it was meant: the AWS SDKs and the CLI send uploads in the aws-chunked encoding (each chunk its
 * size in hex, optionally its signature, the bytes; then a last empty chunk and trailers such as a CRC32 checksum),
 * which S3 decodes before storing. Other bodies are taken as they are.
 */
final class AwsChunked {
    private AwsChunked() {
    }

    static byte[] content(AwsRequest request) {
        String sha256 = request.header("x-amz-content-sha256");
        String encoding = request.header("content-encoding");
        boolean chunked = (sha256 != null && sha256.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"));
        return chunked ? decode(request.body()) : request.body();
    }

    private static byte[] decode(byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(body.length);
        int at = 0;
        while (true) {
            int lineEnd = lineEnd(body, at);
            String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size;
            try {
                size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
            } catch (NumberFormatException e) {
                throw malformed();
            }
            at = lineEnd + 2;
            if (size == 0) {
                return content.toByteArray();
            }
            if (size < 0 || at + size > body.length) {
                throw malformed();
            }
            content.write(body, at, size);
            at += size + 2;
        }
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        throw malformed();
    }

    private static ApiError malformed() {
        return new ApiError(400, "IncompleteBody", "The request body is not a complete aws-chunked encoding");
    }
}
