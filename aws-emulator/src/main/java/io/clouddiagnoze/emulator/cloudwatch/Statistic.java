package io.clouddiagnoze.emulator.cloudwatch;

import io.clouddiagnoze.emulator.protocol.ApiError;
import java.util.Arrays;

/** A CloudWatch statistic: Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99. */
record Statistic(Kind kind, double percentile) {

    /** The statistic's family; a percentile carries its rank in {@code percentile}. */
    enum Kind { AVERAGE, SUM, MINIMUM, MAXIMUM, SAMPLE_COUNT, PERCENTILE }

    static Statistic parse(String name, String member) {
        if (name != null && name.matches("p\\d{1,2}(\\.\\d+)?|p100")) {
            return new Statistic(Kind.PERCENTILE, Double.parseDouble(name.substring(1)));
        }
        Kind kind = switch (name == null ? "" : name) {
            case "Average" -> Kind.AVERAGE;
            case "Sum" -> Kind.SUM;
            case "Minimum" -> Kind.MINIMUM;
            case "Maximum" -> Kind.MAXIMUM;
            case "SampleCount" -> Kind.SAMPLE_COUNT;
            default -> throw ApiError.badRequest("InvalidParameterValue",
                    "The value " + name + " for parameter " + member + " is not a supported statistic.");
        };
        return new Statistic(kind, 0);
    }

    /** This statistic of {@code samples}, which stand for {@code sampleCount} samples of the period. */
    double of(double[] samples, long sampleCount) {
        return switch (kind) {
            case AVERAGE -> Arrays.stream(samples).average().orElseThrow();
            case SUM -> Arrays.stream(samples).average().orElseThrow() * sampleCount;
            case MINIMUM -> Arrays.stream(samples).min().orElseThrow();
            case MAXIMUM -> Arrays.stream(samples).max().orElseThrow();
            case SAMPLE_COUNT -> sampleCount;
            case PERCENTILE -> {
                double[] sorted = samples.clone();
                Arrays.sort(sorted);
                int rank = (int) Math.ceil(percentile / 100 * sorted.length);
                yield sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
            }
        };
    }
}
