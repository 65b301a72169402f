package io.clouddiagnoze.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The database accounts of the services that own tables, and of the backup, with the grants in {@code db/accounts.sql}.
 * Creating them again changes their passwords and adds any grant a newer schema needs.
 */
public record ServiceAccounts(Account auth, Account orchestrator, Account metrics, Account notification, Account backup) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,64}");

    /** A database account name and its password. */
    public record Account(String name, String password) {
        public Account {
            requireIdentifier(name);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("account " + name + " needs a password");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Creates or updates the accounts and their grants on {@code database}; the connection must be an admin's. */
    public void apply(Connection admin, String database) throws SQLException {
        requireIdentifier(database);
        Map<String, String> values = new HashMap<>(Map.of("database", database));
        Map.of("auth", auth, "orchestrator", orchestrator, "metrics", metrics, "notification", notification, "backup", backup)
                .forEach((role, account) -> {
                    values.put(role + "_account", account.name());
                    values.put(role + "_password", sqlString(account.password()));
                });
        try (Statement statement = admin.createStatement()) {
            for (String template : statements()) {
                statement.execute(substitute(template, values));
            }
        }
    }

    private static List<String> statements() {
        try (InputStream in = ServiceAccounts.class.getResourceAsStream("/db/accounts.sql")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String withoutComments = script.lines().filter(line -> !line.stripLeading().startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n");
            // Split before substituting, so that a ';' in a password cannot end a statement.
            return Arrays.stream(withoutComments.split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String substitute(String template, Map<String, String> values) {
        String result = template;
        for (var entry : values.entrySet()) {
            result = result.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        if (result.contains("${")) {
            throw new IllegalStateException("unknown placeholder in db/accounts.sql: " + template);
        }
        return result;
    }

    /** The body of a single-quoted SQL string literal. */
    private static String sqlString(String value) {
        return value.replace("\\", "\\\\").replace("'", "''");
    }

    static String requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain identifier (letters, digits, _): " + name);
        }
        return name;
    }
}
