package io.clouddiagnoze.orchestrator;

import io.clouddiagnoze.testsupport.AwsEmulatorTestResource;
import io.clouddiagnoze.testsupport.KafkaTestResource;
import io.clouddiagnoze.testsupport.MariaDbTestResource;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module runs against a fresh MariaDB database with a read replica of it (so that every inventory,
 * findings and export read goes through the replica, and must still see what the test wrote just before), a real Kafka
 * broker, test keys, and aws-emulator (the archive's object storage).
 */
@QuarkusTestResource(value = MariaDbTestResource.class, initArgs = @ResourceArg(name = "replica", value = "true"))
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(AwsEmulatorTestResource.class)
public class TestInfrastructure {
}
