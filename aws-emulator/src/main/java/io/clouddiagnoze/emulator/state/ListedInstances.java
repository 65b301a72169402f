package io.clouddiagnoze.emulator.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Instances listed one by one in a fixture. */
final class ListedInstances implements InstanceSet {

    private final List<Instance> instances;
    private final Map<String, Instance> byId;

    ListedInstances(List<Instance> instances) {
        this.instances = List.copyOf(instances);
        this.byId = instances.stream().collect(Collectors.toMap(Instance::id, Function.identity()));
    }

    @Override
    public List<Instance> all() {
        return instances;
    }

    @Override
    public Optional<Instance> byId(String instanceId) {
        return Optional.ofNullable(byId.get(instanceId));
    }
}
