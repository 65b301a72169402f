package io.clouddiagnoze.emulator.s3;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The buckets made through the API (CreateBucket) and the objects in them, per account, in memory: what the platform
 * keeps in object storage of its own (the archive of old scans, backups), not the tenants' buckets a scanner reads,
 * which come from the fixture and hold no objects. Keys sort as S3 lists them, by their UTF-8 bytes.
 */
final class ObjectStore {
    /** An object: its bytes, content type and when it was written. */
    record StoredObject(byte[] content, String contentType, Instant lastModified, String etag) {
    }

    /** A bucket made through the API: its region, and its objects by key. */
    record ObjectBucket(String name, String region, Instant created, NavigableMap<String, StoredObject> objects) {
    }

    private final Map<String, ObjectBucket> buckets = new ConcurrentHashMap<>();

    /** Makes the bucket in the account; false when the account has it already. */
    boolean create(String accountId, String name, String region, Instant at) {
        return buckets.putIfAbsent(accountId + "/" + name,
                new ObjectBucket(name, region, at, new ConcurrentSkipListMap<>(ObjectStore::utf8Order))) == null;
    }

    Optional<ObjectBucket> bucket(String accountId, String name) {
        return Optional.ofNullable(buckets.get(accountId + "/" + name));
    }

    /** Java's String order is by UTF-16 units; S3's by UTF-8 bytes, which code points order the same way. */
    private static int utf8Order(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
