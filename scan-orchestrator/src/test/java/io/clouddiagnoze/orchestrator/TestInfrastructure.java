package io.clouddiagnoze.orchestrator;

import io.clouddiagnoze.testsupport.AwsEmulatorTestResource;
import io.clouddiagnoze.testsupport.KafkaTestResource;
import io.clouddiagnoze.testsupport.MariaDbTestResource;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every test of this module runs against a fresh MariaDB database, a real Kafka broker, test keys, and aws-emulator (the
 * archive's object storage).
 */
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(AwsEmulatorTestResource.class)
public class TestInfrastructure {
}
