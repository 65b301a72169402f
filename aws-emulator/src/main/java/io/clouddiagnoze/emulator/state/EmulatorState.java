package io.clouddiagnoze.emulator.state;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The inventory currently served, swapped atomically on admin changes, and the startup one reset returns to. */
public final class EmulatorState {

    private final Inventory startup;
    private final AtomicReference<Inventory> current;

    public EmulatorState(Inventory startup) {
        this.startup = startup;
        this.current = new AtomicReference<>(startup);
    }

    public Inventory inventory() {
        return current.get();
    }

    public void load(Inventory inventory) {
        current.set(inventory);
    }

    public void update(UnaryOperator<Inventory> change) {
        current.updateAndGet(change);
    }

    public void reset() {
        current.set(startup);
    }
}
