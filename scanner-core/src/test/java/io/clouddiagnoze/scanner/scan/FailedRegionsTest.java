package io.clouddiagnoze.scanner.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.FieldLimits;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.RegionOutcome.Outcome;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailedRegionsTest {
    /** AccessDenied as AWS words it, for a role with no EC2 permission: some 250 characters in every region. */
    private static final String DENIED = "UnauthorizedOperation: You are not authorized to perform this operation. User:"
            + " arn:aws:sts::111122223333:assumed-role/CloudDiagnozeScanner/clouddiagnoze-scan-42 is not authorized to perform:"
            + " ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action";

    @Test
    void seventeenRegionsDeniedAreSummedUpWithinTheRunsErrorFirstInFullThenCounted() {
        List<RegionOutcome> outcomes = IntStream.range(0, 17)
                .mapToObj(i -> new RegionOutcome("region-" + i, Outcome.ERROR, 0, DENIED)).toList();

        String summary = FailedRegions.summary(outcomes);

        assertThat(String.join("; ", outcomes.stream().map(o -> o.region() + ": " + o.detail()).toList()))
                .hasSizeGreaterThan(FieldLimits.ERROR_DETAIL);
        int shown = summary.split(java.util.regex.Pattern.quote(DENIED), -1).length - 1;
        assertThat(shown).isGreaterThan(10).isLessThan(17);
        assertThat(summary).hasSizeLessThanOrEqualTo(FieldLimits.ERROR_DETAIL)
                .startsWith("region-0: " + DENIED + "; region-1: " + DENIED)
                .endsWith("; region-" + (shown - 1) + ": " + DENIED + "; and " + (17 - shown)
                        + " more regions failed (see the region outcomes)");
    }

    @Test
    void regionsThatFitAreAllNamedAndTheOthersLeftOut() {
        List<RegionOutcome> outcomes = List.of(new RegionOutcome("us-east-1", Outcome.OK, 5, null),
                new RegionOutcome("eu-west-1", Outcome.ERROR, 0, "InternalError: boom"),
                new RegionOutcome("me-south-1", Outcome.SKIPPED, 0, "region not enabled"),
                new RegionOutcome("us-west-2", Outcome.ERROR, 2, "Throttling: Rate exceeded"));

        assertThat(FailedRegions.summary(outcomes)).isEqualTo("eu-west-1: InternalError: boom; us-west-2: Throttling: Rate exceeded");
    }

    @Test
    void noFailedRegionIsNoError() {
        assertThat(FailedRegions.summary(List.of(new RegionOutcome("us-east-1", Outcome.OK, 5, null)))).isNull();
    }

    @Test
    void longDetailsStillLeaveRoomForTheCount() {
        String longest = "x".repeat(FieldLimits.REGION_DETAIL);
        List<RegionOutcome> outcomes = IntStream.range(0, 9)
                .mapToObj(i -> new RegionOutcome("r" + i, Outcome.ERROR, 0, longest)).toList();

        String summary = FailedRegions.summary(outcomes);

        assertThat(summary).hasSizeLessThanOrEqualTo(FieldLimits.ERROR_DETAIL).endsWith("; and 6 more regions failed (see the region outcomes)");
    }
}
