package io.clouddiagnoze.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Gives a {@code @QuarkusTest} application a real Kafka broker (see {@link TestKafka}). */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private TestKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = TestKafka.start();
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "quarkus.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(kafka, new TestInjector.MatchesType(TestKafka.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
