package io.clouddiagnoze.orchestrator;

import io.clouddiagnoze.testsupport.KafkaTestResource;
import io.clouddiagnoze.testsupport.MariaDbTestResource;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against a fresh MariaDB database, a real Kafka broker and test keys. */
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TestTokens.class)
public class TestInfrastructure {
}
