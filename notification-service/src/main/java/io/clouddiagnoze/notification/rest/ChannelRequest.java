package io.clouddiagnoze.notification.rest;

import io.clouddiagnoze.notification.model.ChannelType;
import io.clouddiagnoze.service.problem.ProblemException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A channel as a client creates or saves it: {@code {"type": "webhook", "name": "...", "url": "..."}}, the same with
 * {@code "type": "slack"}, or {@code {"type": "email", "name": "...", "addresses": [...]}}.
 */
public record ChannelRequest(String type, String name, String url, List<String> addresses) {
    static final int MAX_NAME = 100;
    private static final int MAX_URL = 2048;
    private static final int MAX_ADDRESSES = 20;
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,<>\"]{1,64}@[A-Za-z0-9.-]{1,189}\\.[A-Za-z]{2,63}");

    /** The channel's type, once every field has been checked for it; a 400 problem naming the field otherwise. */
    ChannelType validated() {
        ChannelType channelType = ChannelType.fromId(type)
                .orElseThrow(() -> ProblemException.invalidField("type", "must be webhook, slack or email"));
        requireName(name);
        List<String> recipients = addresses == null ? List.of() : addresses;
        if (channelType == ChannelType.EMAIL) {
            if (url != null) {
                throw ProblemException.invalidField("url", "an email channel has addresses, not a url");
            }
            if (recipients.isEmpty() || recipients.size() > MAX_ADDRESSES) {
                throw ProblemException.invalidField("addresses", "must name 1 to " + MAX_ADDRESSES + " email addresses");
            }
            recipients.stream().filter(address -> address == null || !ADDRESS.matcher(address).matches()).findFirst()
                    .ifPresent(bad -> {
                        throw ProblemException.invalidField("addresses", "holds something that is not an email address: " + bad);
                    });
        } else {
            if (!recipients.isEmpty()) {
                throw ProblemException.invalidField("addresses", "a " + channelType.id() + " channel has a url, not addresses");
            }
            if (url == null || url.isBlank() || url.length() > MAX_URL) {
                throw ProblemException.invalidField("url", "must be a URL of at most " + MAX_URL + " characters");
            }
        }
        return channelType;
    }

    List<String> recipients() {
        return addresses == null ? List.of() : List.copyOf(addresses);
    }

    static String requireName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw ProblemException.invalidField("name", "must be 1 to " + MAX_NAME + " characters");
        }
        return name;
    }
}
