package io.clouddiagnoze.bus;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/** The tool's settings, from the environment (see {@link BusTool}), and the Kafka client settings they make. */
public final class BusSettings {
    private final Map<String, String> env;

    public BusSettings(Map<String, String> env) {
        this.env = env;
    }

    String bootstrapServers() {
        return get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    /** A client that signs in as KAFKA_SASL_USERNAME when that is set, otherwise as the administrator. */
    public Map<String, Object> client() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, get("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        boolean asPrincipal = !get("KAFKA_SASL_USERNAME", "").isEmpty();
        String user = asPrincipal ? get("KAFKA_SASL_USERNAME", "") : get("KAFKA_ADMIN_USER", "admin");
        String password = required(asPrincipal ? "KAFKA_SASL_PASSWORD" : "KAFKA_ADMIN_PASSWORD");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        String truststore = get("KAFKA_SSL_TRUSTSTORE_LOCATION", "");
        if (!truststore.isEmpty()) {
            config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore);
            config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, get("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM"));
        }
        return config;
    }

    String get(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    String required(String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
