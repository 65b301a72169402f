package io.clouddiagnoze.scanner.scan;

import io.clouddiagnoze.contracts.FieldLimits;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import java.util.List;

/**
 * A scan's error in words: its failed regions, as many in full as fit the run's error ({@link FieldLimits#ERROR_DETAIL}
 * characters), then how many more failed. Every region's own detail stays in the result's region outcomes.
 */
final class FailedRegions {
    private FailedRegions() {
    }

    /** The summary of the regions in error, or null when none failed. */
    static String summary(List<RegionOutcome> outcomes) {
        List<RegionOutcome> failed = outcomes.stream().filter(o -> o.outcome() == RegionOutcome.Outcome.ERROR).toList();
        if (failed.isEmpty()) {
            return null;
        }
        StringBuilder summary = new StringBuilder();
        for (int shown = 0; shown < failed.size(); shown++) {
            RegionOutcome region = failed.get(shown);
            String next = (shown == 0 ? "" : "; ") + region.region() + ": " + region.detail();
            int left = failed.size() - shown - 1;
            if (summary.length() + next.length() + (left == 0 ? 0 : more(left).length()) > FieldLimits.ERROR_DETAIL) {
                return summary.append(more(failed.size() - shown)).toString();
            }
            summary.append(next);
        }
        return summary.toString();
    }

    private static String more(int regions) {
        return "; and " + regions + " more region" + (regions == 1 ? "" : "s") + " failed (see the region outcomes)";
    }
}
