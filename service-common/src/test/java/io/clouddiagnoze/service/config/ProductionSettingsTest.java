package io.clouddiagnoze.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductionSettingsTest {

    @Test
    void aPlaceholderIsRefusedNamingTheVariableItCameFromAndNotItsValue() {
        SmallRyeConfig config = config(Map.of("DB_PASSWORD", "change-me-orchestrator", "KAFKA_SASL_PASSWORD", "Zr8mWq2Lx5Tn0Vb7Yc4K"));

        assertThat(ProductionSettings.unsafeSecrets(config))
                .containsExactly("DB_PASSWORD (quarkus.datasource.password) is a placeholder; set a secret of your own")
                .noneMatch(line -> line.contains("orchestrator"));
    }

    @Test
    void aMissingAndAShortSecretAreRefusedEachByName() {
        SmallRyeConfig config = config(Map.of("KAFKA_SASL_PASSWORD", "short"));

        assertThat(ProductionSettings.unsafeSecrets(config)).containsExactly(
                "DB_PASSWORD (quarkus.datasource.password) is not set",
                "KAFKA_SASL_PASSWORD (clouddiagnoze.kafka.sasl-password) is shorter than 16 characters");
    }

    @Test
    void aPlaceholderIsFoundWhateverItsCase() {
        SmallRyeConfig config = config(Map.of("DB_PASSWORD", "Please-CHANGE-ME-soon-42",
                "KAFKA_SASL_PASSWORD", "REPLACE-ME-REPLACE-ME"));

        assertThat(ProductionSettings.unsafeSecrets(config)).hasSize(2);
    }

    @Test
    void secretsOfSixteenCharactersOrMoreArePassed() {
        SmallRyeConfig config = config(Map.of("DB_PASSWORD", "kq3V9xLw0aTz7PbN", "KAFKA_SASL_PASSWORD", "Zr8mWq2Lx5Tn0Vb7Yc4K"));

        assertThat(ProductionSettings.unsafeSecrets(config)).isEmpty();
    }

    @Test
    void aSecretSetDirectlyInsteadOfThroughAVariableIsNamedByItsProperty() {
        Map<String, String> properties = new HashMap<>(properties(Map.of("KAFKA_SASL_PASSWORD", "Zr8mWq2Lx5Tn0Vb7Yc4K")));
        properties.put("quarkus.datasource.password", "change-me");

        assertThat(ProductionSettings.unsafeSecrets(build(properties)))
                .containsExactly("quarkus.datasource.password is a placeholder; set a secret of your own");
    }

    /** Two secrets as the services declare them, read from the variables in {@code environment}. */
    private static SmallRyeConfig config(Map<String, String> environment) {
        return build(properties(environment));
    }

    private static Map<String, String> properties(Map<String, String> environment) {
        Map<String, String> properties = new HashMap<>(environment);
        properties.put("quarkus.datasource.password", "${DB_PASSWORD:}");
        properties.put("clouddiagnoze.kafka.sasl-password", "${KAFKA_SASL_PASSWORD:}");
        properties.put("clouddiagnoze.secrets.database", "quarkus.datasource.password");
        properties.put("clouddiagnoze.secrets.event-bus", "clouddiagnoze.kafka.sasl-password");
        return properties;
    }

    private static SmallRyeConfig build(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }
}
