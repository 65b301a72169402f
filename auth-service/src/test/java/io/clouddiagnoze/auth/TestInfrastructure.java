package io.clouddiagnoze.auth;

import io.clouddiagnoze.testsupport.MariaDbTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against a fresh, migrated MariaDB database. */
@QuarkusTestResource(MariaDbTestResource.class)
public class TestInfrastructure {
}
