package io.clouddiagnoze.service.persistence;

import java.util.function.Predicate;

/** Recognises a failure caused by a named database constraint, wherever in the cause chain it was reported. */
public final class Constraints {
    private Constraints() {
    }

    /** A predicate for {@code onFailure(...)}: the failure comes from {@code constraint}. */
    public static Predicate<Throwable> violated(String constraint) {
        return failure -> {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause.getMessage() != null && cause.getMessage().contains(constraint)) {
                    return true;
                }
            }
            return false;
        };
    }
}
