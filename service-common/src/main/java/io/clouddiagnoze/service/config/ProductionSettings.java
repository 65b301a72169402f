package io.clouddiagnoze.service.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * In the prod profile (what {@code java -jar} runs), a service does not start with a secret a deployment must provide
 * still at a placeholder: each property that {@code clouddiagnoze.secrets.<what>} names must hold at least 16
 * characters and no "change-me" or "replace-me". The error names the environment variable the property reads
 * ({@code DB_PASSWORD}), or else the property. The tests' profile and any other are not checked.
 */
@ApplicationScoped
public class ProductionSettings {
    static final String SECRETS = "clouddiagnoze.secrets.";
    static final int MIN_SECRET_LENGTH = 16;
    private static final List<String> PLACEHOLDERS = List.of("change-me", "changeme", "replace-me");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)");

    /** Whether this service runs in the prod profile, where nothing may be left at a placeholder. */
    public static boolean active() {
        return ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles().contains("prod");
    }

    /** What a service says when it refuses to start for {@code reason}. */
    public static IllegalStateException refusal(String reason) {
        return new IllegalStateException("refusing to start in production: " + reason);
    }

    void refuseUnsafe(@Observes StartupEvent started, Config config) {
        if (active()) {
            List<String> unsafe = unsafeSecrets(config);
            if (!unsafe.isEmpty()) {
                throw refusal(String.join("; ", unsafe));
            }
        }
    }

    /** What is wrong with each secret {@code config} names, one line each, naming the setting and never its value. */
    static List<String> unsafeSecrets(Config config) {
        List<String> unsafe = new ArrayList<>();
        StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(SECRETS)).sorted()
                .map(name -> config.getValue(name, String.class))
                .forEach(property -> {
                    ConfigValue secret = config.getConfigValue(property);
                    String problem = problem(secret.getValue());
                    if (problem != null) {
                        unsafe.add(setting(secret) + " " + problem);
                    }
                });
        return unsafe;
    }

    private static String problem(String value) {
        if (value == null || value.isBlank()) {
            return "is not set";
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.stream().anyMatch(lower::contains)) {
            return "is a placeholder; set a secret of your own";
        }
        if (value.length() < MIN_SECRET_LENGTH) {
            return "is shorter than " + MIN_SECRET_LENGTH + " characters";
        }
        return null;
    }

    /** The environment variable the property's raw value reads first, as the operator knows it, with the property. */
    private static String setting(ConfigValue secret) {
        Matcher variable = VARIABLE.matcher(secret.getRawValue() == null ? "" : secret.getRawValue());
        return variable.find() ? variable.group(1) + " (" + secret.getName() + ")" : secret.getName();
    }
}
