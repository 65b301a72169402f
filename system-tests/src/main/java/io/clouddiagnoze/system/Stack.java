package io.clouddiagnoze.system;

import java.net.URI;
import java.util.Map;

/** The services deploy/local/stack.sh starts (its {@code services} list), each with the port it listens on. */
final class Stack {
    static final Map<String, Integer> PORTS = Map.of("auth-service", 8081, "scan-orchestrator", 8082, "metrics-collector", 8083,
            "ec2-scanner", 8091, "s3-scanner", 8092, "vpc-scanner", 8093, "rds-scanner", 8094);

    private Stack() {
    }

    /** {@code path} on the service itself, past the gateway (health, the OpenAPI document). */
    static URI direct(String service, String path) {
        return URI.create("http://127.0.0.1:" + PORTS.get(service) + path);
    }
}
