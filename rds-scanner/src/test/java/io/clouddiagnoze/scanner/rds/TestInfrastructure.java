package io.clouddiagnoze.scanner.rds;

import io.clouddiagnoze.testsupport.AwsEmulatorTestResource;
import io.clouddiagnoze.testsupport.KafkaTestResource;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against a real Kafka broker, test keys and aws-emulator's demo account. */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(AwsEmulatorTestResource.class)
public class TestInfrastructure {
}
