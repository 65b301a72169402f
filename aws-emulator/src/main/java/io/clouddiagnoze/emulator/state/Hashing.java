package io.clouddiagnoze.emulator.state;

/** Deterministic 64-bit hashing, so generated resources and metric values repeat across runs and JVMs. */
public final class Hashing {

    private Hashing() {
    }

    /** The SplitMix64 finalizer: a cheap bijective mix with good avalanche. */
    public static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long of(String text) {
        long hash = 0x84222325CBF29CE4L;
        for (int i = 0; i < text.length(); i++) {
            hash = mix(hash ^ text.charAt(i));
        }
        return hash;
    }

    public static long of(long... parts) {
        long hash = 0;
        for (long part : parts) {
            hash = mix(hash ^ part);
        }
        return hash;
    }

    /** A value in [0, 1) derived from the hash. */
    public static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
