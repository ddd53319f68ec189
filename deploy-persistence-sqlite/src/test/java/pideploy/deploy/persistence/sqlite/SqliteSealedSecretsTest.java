package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.SealedSecretsContract;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.SecretSeal;

/** The core's {@code SealedSecretsContract} on one real SQLite file, reopened with each seal. */
class SqliteSealedSecretsTest extends SealedSecretsContract {
    @TempDir
    Path dir;

    private final List<SqliteDatabase> open = new ArrayList<>();

    @Override
    protected FleetStore open(SecretSeal seal) {
        SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dir.resolve("pideploy.db")), seal);
        open.add(db);
        return db.fleetStore();
    }

    @Override
    protected void closeAll() {
        open.forEach(SqliteDatabase::close);
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
