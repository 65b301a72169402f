package io.clouddiagnoze.scanner.scan;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 API tags (instances, VPCs) as the key-to-value map the events carry. */
public final class Ec2Tags {
    private Ec2Tags() {
    }

    public static Map<String, String> asMap(List<Tag> tags) {
        // A key is unique per resource in AWS; should a duplicate ever come, the last one wins.
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (first, last) -> last));
    }
}
