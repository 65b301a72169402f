package io.clouddiagnoze.emulator.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How often each operation ({@code service:Operation}) was called, and how many of those calls a fault hit. */
public final class CallStats {

    private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();

    void called(String operation) {
        counters(operation)[0].increment();
    }

    void faulted(String operation) {
        counters(operation)[1].increment();
    }

    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> snapshot = new TreeMap<>();
        counts.forEach((operation, counters) ->
                snapshot.put(operation, Map.of("calls", counters[0].sum(), "faults", counters[1].sum())));
        return snapshot;
    }

    public void clear() {
        counts.clear();
    }

    private LongAdder[] counters(String operation) {
        return counts.computeIfAbsent(operation, key -> new LongAdder[] {new LongAdder(), new LongAdder()});
    }
}
