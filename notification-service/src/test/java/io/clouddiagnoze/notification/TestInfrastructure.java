package io.clouddiagnoze.notification;

import io.clouddiagnoze.testsupport.KafkaTestResource;
import io.clouddiagnoze.testsupport.MariaDbTestResource;
import io.clouddiagnoze.testsupport.SmtpServer;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against a fresh MariaDB database, a real Kafka broker, test keys and a real SMTP server. */
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(SmtpServer.class)
public class TestInfrastructure {
}
