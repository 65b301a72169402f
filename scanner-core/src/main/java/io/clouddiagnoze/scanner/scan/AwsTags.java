package io.clouddiagnoze.scanner.scan;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * AWS tags as the key-to-value map the events carry. Every service's SDK has its own {@code Tag} type (EC2's for
 * instances and VPCs, S3's, RDS's), each with a key and a value.
 */
public final class AwsTags {
    private AwsTags() {
    }

    public static <T> Map<String, String> asMap(List<T> tags, Function<T, String> key, Function<T, String> value) {
        // A key is unique per resource in AWS; should a duplicate ever come, the last one wins.
        return tags.stream().collect(Collectors.toMap(key, value, (first, last) -> last));
    }
}
