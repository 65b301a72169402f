package io.clouddiagnoze.scanner.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GetBucketLocation's answer read as a region, quirks included. */
class BucketRegionTest {

    @Test
    void anEmptyConstraintIsUsEast1AndEuIsIreland() {
        assertThat(S3BucketCollector.regionOf("")).isEqualTo("us-east-1");
        assertThat(S3BucketCollector.regionOf(null)).isEqualTo("us-east-1");
        assertThat(S3BucketCollector.regionOf("EU")).isEqualTo("eu-west-1");
        assertThat(S3BucketCollector.regionOf("ap-southeast-2")).isEqualTo("ap-southeast-2");
    }
}
