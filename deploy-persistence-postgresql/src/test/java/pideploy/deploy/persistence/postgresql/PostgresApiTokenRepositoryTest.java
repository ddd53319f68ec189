package pideploy.deploy.persistence.postgresql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.ApiTokenRepositoryContract;

class PostgresApiTokenRepositoryTest extends ApiTokenRepositoryContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresStores stores;

    @Override
    protected ApiTokenRepository newRepository() {
        stores = new PostgresStores(POSTGRES);
        return stores.open().apiTokens();
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void theSchemaRefusesAnUnknownRoleAndAnExpiryBeforeCreation() throws Exception {
        LocalPostgres.TestDatabase db = POSTGRES.freshDatabase();
        try (PostgresDatabase opened = PostgresDatabase.open(db.settings());
                Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO api_token (id, token_hash, username, label,"
                            + " created_at, role) VALUES ('aaaa1111', '" + "a".repeat(64)
                            + "', 'admin', '', 1, 'root')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("check constraint");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO api_token (id, token_hash, username, label,"
                            + " created_at, expires_at) VALUES ('bbbb2222', '" + "b".repeat(64)
                            + "', 'admin', '', 10, 10)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("check constraint");
        }
    }
}
