package io.clouddiagnoze.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

    @Test
    void aMigratedDatabaseHoldsTheClasspathMigrationsAndIsDroppedOnClose() throws SQLException {
        String name;
        try (TestDatabase database = TestDatabase.createMigrated()) {
            name = database.name();
            try (Connection c = database.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO probe (note) VALUES ('hello')");
                assertThat(count(s, "SELECT COUNT(*) FROM probe")).isEqualTo(1);
                assertThat(count(s, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).isEqualTo(1);
            }
            assertThat(databaseExists(database, name)).isTrue();
        }
        try (TestDatabase other = TestDatabase.create()) {
            assertThat(databaseExists(other, name)).isFalse();
            assertThat(other.name()).isNotEqualTo(name).startsWith("cdtest_");
        }
    }

    @Test
    void aDatabaseAbandonedByAnEarlierRunIsDroppedButARecentOneIsKept() throws SQLException {
        String abandoned = "cdtest_20000101000000_dead";
        try (TestDatabase first = TestDatabase.create()) {
            admin(first, "CREATE DATABASE IF NOT EXISTS `" + abandoned + "`");
            try (TestDatabase second = TestDatabase.create()) {
                assertThat(databaseExists(second, abandoned)).isFalse();
                assertThat(databaseExists(second, first.name())).isTrue();
            }
        }
    }

    private static boolean databaseExists(TestDatabase database, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + database.host() + ":" + database.port() + "/",
                database.adminUser(), database.adminPassword()); Statement s = c.createStatement()) {
            return count(s, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'") == 1;
        }
    }

    private static void admin(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
