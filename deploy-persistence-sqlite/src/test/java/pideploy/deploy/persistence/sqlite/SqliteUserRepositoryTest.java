package pideploy.deploy.persistence.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.port.UserRepositoryContract;

class SqliteUserRepositoryTest extends UserRepositoryContract {
    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected UserRepository newRepository() {
        stores = new SqliteStores(dir);
        return stores.open().users();
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void accountsFromBeforeRolesBecomeAdminsSoAnUpgradeLocksNobodyOut() throws Exception {
        Path file = dir.resolve("old.db");
        String url = "jdbc:sqlite:" + file;
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .target("5")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO operator_user (username, password_hash, created_at) "
                    + "VALUES ('admin', 'pbkdf2-sha256$1$c2FsdA$aGFzaA', 1767225600000)");
        }

        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file))) {
            assertThat(db.users().find("admin")).map(User::role).contains(Role.ADMIN);
        }
    }

    @Test
    void theSchemaRefusesAnUnknownRole() throws Exception {
        Path file = dir.resolve("roles.db");
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file));
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO operator_user (username, password_hash, created_at,"
                            + " role) VALUES ('x', 'h', 1767225600000, 'root')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("CHECK");
        }
    }
}
