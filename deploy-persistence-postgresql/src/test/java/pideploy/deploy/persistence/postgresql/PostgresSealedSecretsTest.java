package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.SealedSecretsContract;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.SecretSeal;

/** The core's {@code SealedSecretsContract} on one fresh PostgreSQL database, reopened with each seal. */
class PostgresSealedSecretsTest extends SealedSecretsContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private LocalPostgres.TestDatabase database;

    private final List<PostgresDatabase> open = new ArrayList<>();

    @Override
    protected FleetStore open(SecretSeal seal) {
        PostgresDatabase db = PostgresDatabase.open(database().settings(), seal);
        open.add(db);
        return db.fleetStore();
    }

    private LocalPostgres.TestDatabase database() {
        if (database == null) {
            database = POSTGRES.freshDatabase();
        }
        return database;
    }

    @Override
    protected void closeAll() {
        open.forEach(PostgresDatabase::close);
        open.clear();
    }

    @Override
    protected String storedText(ProfileScope scope) {
        try (Connection c = open.getFirst().dataSource().getConnection()) {
            return Sql.one(
                            c,
                            "SELECT settings FROM profile_layer WHERE kind = ? AND key = ?",
                            rs -> rs.getString(1),
                            scope.kind(),
                            scope.key())
                    .orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void overwriteStoredText(ProfileScope scope, String text) {
        try (Connection c = open.getFirst().dataSource().getConnection()) {
            Sql.update(
                    c,
                    "UPDATE profile_layer SET settings = ? WHERE kind = ? AND key = ?",
                    text,
                    scope.kind(),
                    scope.key());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
