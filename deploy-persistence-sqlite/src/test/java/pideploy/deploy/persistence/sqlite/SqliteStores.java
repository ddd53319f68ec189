package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.profile.SecretSeal;

/** Opens real SQLite database files in a test's temporary directory and closes them all afterwards. */
final class SqliteStores implements AutoCloseable {
    private final Path dir;
    private final List<SqliteDatabase> open = new ArrayList<>();

    SqliteStores(Path dir) {
        this.dir = dir;
    }

    SqliteDatabase open() {
        SqliteDatabase db = SqliteDatabase.open(
                new SqliteSettings(dir.resolve("fleet-" + open.size() + ".db")),
                SecretSeal.withKey(SecretSeal.newKey()));
        open.add(db);
        return db;
    }

    FleetStore fleetStore() {
        return open().fleetStore();
    }

    @Override
    public void close() {
        open.forEach(SqliteDatabase::close);
        open.clear();
    }
}
