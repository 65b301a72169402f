package io.clouddiagnoze.orchestrator.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.orchestrator.repository.RunArchiveRows.ArchivedRow;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One archived scan run as a file: gzip-compressed JSON lines, one {@code {"table": …, "row": {column: value}}} per row,
 * the run first, then its resources, then their metrics. Written to a temporary file while its SHA-256 is computed over
 * the compressed bytes (the object as stored), and read back the same way.
 */
final class ArchiveFile implements AutoCloseable {
    static final String CONTENT_TYPE = "application/gzip";
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() { };

    private final ObjectMapper json;
    private final Path path;
    private final MessageDigest digest = sha256();
    private final Writer out;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    private ArchiveFile(ObjectMapper json) throws IOException {
        this.json = json;
        this.path = Files.createTempFile("scan-run-", ".jsonl.gz");
        this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(new DigestOutputStream(
                Files.newOutputStream(path), digest), 64 * 1024), StandardCharsets.UTF_8));
    }

    /** A new, empty file; {@link #close} deletes it. */
    static ArchiveFile create(ObjectMapper json) {
        try {
            return new ArchiveFile(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(ArchivedRow row) {
        try {
            out.write(json.writeValueAsString(Map.of("table", row.table(), "row", row.columns())));
            out.write('\n');
            counts.merge(row.table(), 1L, Long::sum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the file: its path, size, SHA-256 and rows per table. */
    Written finish() {
        try {
            out.close();
            return new Written(path, Files.size(path), HexFormat.of().formatHex(digest.digest()), Map.copyOf(counts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex SHA-256 of a stored object's bytes. */
    static String sha256Of(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hands every row of a stored object to {@code each}, in order. */
    static void read(Path file, ObjectMapper json, Consumer<ArchivedRow> each) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                var node = json.readTree(line);
                each.accept(new ArchivedRow(node.get("table").asText(), json.convertValue(node.get("row"), ROW)));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the archive object holds a line that is not JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A finished file: where, how big, its SHA-256, and how many rows of each table it holds. */
    record Written(Path path, long size, String sha256, Map<String, Long> counts) {
        long count(String table) {
            return counts.getOrDefault(table, 0L);
        }
    }
}
