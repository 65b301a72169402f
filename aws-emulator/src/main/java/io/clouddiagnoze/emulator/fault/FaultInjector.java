package io.clouddiagnoze.emulator.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The active fault rules, and which of them hit a given call. Deterministic for a given call sequence. */
public final class FaultInjector {

    private final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    /** Adds a rule and returns it with its id. */
    public FaultRule add(FaultRule rule) {
        FaultRule numbered = rule.withId(nextId.getAndIncrement());
        faults.add(new ActiveFault(numbered));
        return numbered;
    }

    public boolean remove(int id) {
        return faults.removeIf(fault -> fault.rule.id() == id);
    }

    public void clear() {
        faults.clear();
    }

    /** The rules that hit this call, in the order they were added. */
    public List<FaultRule> hits(String service, String operation, String roleArn, String region) {
        List<FaultRule> hits = new ArrayList<>();
        for (ActiveFault fault : faults) {
            if (fault.rule.matches(service, operation, roleArn, region) && fault.fires()) {
                hits.add(fault.rule);
            }
        }
        return hits;
    }

    /** Each rule with how many calls it matched and how many it hit. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (ActiveFault fault : faults) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("rule", fault.rule);
            synchronized (fault) {
                entry.put("matched", fault.matched);
                entry.put("hit", fault.hit);
            }
            rules.add(entry);
        }
        return rules;
    }

    private static final class ActiveFault {
        private final FaultRule rule;
        private final Random random;
        private long matched;
        private long hit;

        ActiveFault(FaultRule rule) {
            this.rule = rule;
            this.random = new Random(rule.seed() == null ? rule.id() : rule.seed());
        }

        synchronized boolean fires() {
            matched++;
            if (rule.limit() != null && hit >= rule.limit()) {
                return false;
            }
            boolean fires = rule.everyNth() != null
                    ? matched % rule.everyNth() == 0
                    : random.nextDouble() < (rule.rate() == null ? 1 : rule.rate());
            if (fires) {
                hit++;
            }
            return fires;
        }
    }
}
