package io.clouddiagnoze.notification;

import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test of what the service makes of the events it consumes: the test database, and a producer to the test broker. */
abstract class EventsTest {
    TestDatabase database;
    TestKafka kafka;
    TestEvents events;

    @BeforeEach
    void connect() {
        events = new TestEvents(kafka.bootstrapServers());
    }

    @AfterEach
    void disconnect() {
        events.close();
    }
}
