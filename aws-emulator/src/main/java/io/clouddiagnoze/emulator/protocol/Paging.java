package io.clouddiagnoze.emulator.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/** Pages through a (possibly lazily generated) list, with opaque tokens that carry where to resume. */
public final class Paging {

    private static final String PREFIX = "emu1:";

    private Paging() {
    }

    /** One page of matches and the token for the next, null on the last page. */
    public record Page<T>(List<T> items, String nextToken) {
    }

    /**
     * Collects up to {@code max} entries matching {@code filter}, starting where {@code token} left off.
     * Only the entries of this page are touched, so paging a generated list never materializes it.
     */
    public static <T> Page<T> page(List<T> all, Predicate<? super T> filter, String token, int max,
                                   String invalidTokenCode) {
        int index = (int) position(token, all.size(), invalidTokenCode);
        List<T> items = new ArrayList<>(Math.min(max, 1024));
        for (; index < all.size() && items.size() < max; index++) {
            T entry = all.get(index);
            if (filter.test(entry)) {
                items.add(entry);
            }
        }
        while (index < all.size() && !filter.test(all.get(index))) {
            index++;
        }
        return new Page<>(items, index < all.size() ? token(index) : null);
    }

    /** The position a token resumes at (at most {@code limit}); 0 for no token. */
    public static long position(String token, long limit, String invalidTokenCode) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                long position = Long.parseLong(text.substring(PREFIX.length()));
                if (position >= 0 && position <= limit) {
                    return position;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below: any token this emulator did not hand out is invalid
        }
        throw ApiError.badRequest(invalidTokenCode, "The pagination token '" + token + "' is invalid.");
    }

    public static String token(long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }
}
