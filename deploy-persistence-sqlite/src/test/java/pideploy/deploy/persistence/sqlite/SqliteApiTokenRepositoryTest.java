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
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.ApiTokenRepositoryContract;

class SqliteApiTokenRepositoryTest extends ApiTokenRepositoryContract {
    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected ApiTokenRepository newRepository() {
        stores = new SqliteStores(dir);
        return stores.open().apiTokens();
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void tokensFromBeforeScopesKeepActingAsTheirOwnerAndNeverExpire() throws Exception {
        Path file = dir.resolve("old.db");
        String url = "jdbc:sqlite:" + file;
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .target("6.45")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO api_token (id, token_hash, username, label, created_at) VALUES ('aaaa1111', '"
                    + "a".repeat(64) + "', 'admin', 'old script', 1767225600000000000)");
        }

        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file))) {
            ApiToken old = db.apiTokens().findByHash("a".repeat(64)).orElseThrow();
            assertThat(old.role()).isEqualTo(Role.ADMIN);
            assertThat(old.expiresAt()).isEmpty();
            assertThat(old.lastUsedAt()).isEmpty();
            assertThat(old.label()).isEqualTo("old script");
        }
    }

    @Test
    void theSchemaRefusesAnUnknownRoleAndAnExpiryBeforeCreation() throws Exception {
        Path file = dir.resolve("tokens.db");
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file));
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO api_token (id, token_hash, username, label,"
                            + " created_at, role) VALUES ('aaaa1111', '" + "a".repeat(64)
                            + "', 'admin', '', 1, 'root')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("CHECK");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO api_token (id, token_hash, username, label,"
                            + " created_at, expires_at) VALUES ('bbbb2222', '" + "b".repeat(64)
                            + "', 'admin', '', 10, 10)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("CHECK");
        }
    }
}
