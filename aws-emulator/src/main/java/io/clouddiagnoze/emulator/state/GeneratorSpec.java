package io.clouddiagnoze.emulator.state;

import java.util.Arrays;
import java.util.List;

/**
 * What to generate, per account and region: {@code accounts=1,instances=100000,buckets=20,vpcs=5,
 * databases=10,seed=42,regions=us-east-1+eu-west-1}. Every key is optional.
 */
public record GeneratorSpec(int accounts, int instances, int buckets, int vpcs, int databases, long seed,
                            List<String> regions) {

    public GeneratorSpec {
        if (accounts < 1 || vpcs < 1 || instances < 0 || buckets < 0 || databases < 0 || regions.isEmpty()) {
            throw new IllegalArgumentException("generator needs accounts>=1, vpcs>=1, a region, and no negative count");
        }
        regions = List.copyOf(regions);
    }

    public static GeneratorSpec parse(String spec) {
        int accounts = 1;
        int instances = 100;
        int buckets = 10;
        int vpcs = 3;
        int databases = 5;
        long seed = 42;
        List<String> regions = List.of("us-east-1");
        for (String option : spec.split(",")) {
            if (option.isBlank()) {
                continue;
            }
            String[] keyValue = option.trim().split("=", 2);
            if (keyValue.length != 2) {
                throw new IllegalArgumentException("generator option '" + option + "' is not key=value");
            }
            String value = keyValue[1].trim();
            try {
                switch (keyValue[0].trim()) {
                    case "accounts" -> accounts = Integer.parseInt(value);
                    case "instances" -> instances = Integer.parseInt(value);
                    case "buckets" -> buckets = Integer.parseInt(value);
                    case "vpcs" -> vpcs = Integer.parseInt(value);
                    case "databases" -> databases = Integer.parseInt(value);
                    case "seed" -> seed = Long.parseLong(value);
                    case "regions" -> regions = Arrays.asList(value.split("\\+"));
                    default -> throw new IllegalArgumentException("unknown generator option '" + keyValue[0] + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("generator option '" + option + "' needs a number");
            }
        }
        return new GeneratorSpec(accounts, instances, buckets, vpcs, databases, seed, regions);
    }
}
