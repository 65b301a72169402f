package io.clouddiagnoze.emulator.state;

import java.util.List;
import java.util.Optional;

/** The instances of one account in one region: listed in a fixture or generated on demand. */
public interface InstanceSet {

    /** All instances in a stable order; generated sets compute each entry when it is read. */
    List<Instance> all();

    Optional<Instance> byId(String instanceId);
}
