package pideploy.deploy.persistence.postgresql;

import java.util.ArrayList;
import java.util.List;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.profile.SecretSeal;

/** Opens adapters on fresh databases of the test run's PostgreSQL cluster and closes them all afterwards. */
final class PostgresStores implements AutoCloseable {
    private final PostgresExtension postgres;
    private final List<PostgresDatabase> open = new ArrayList<>();

    PostgresStores(PostgresExtension postgres) {
        this.postgres = postgres;
    }

    PostgresDatabase open() {
        PostgresDatabase db =
                PostgresDatabase.open(postgres.freshDatabase().settings(), SecretSeal.withKey(SecretSeal.newKey()));
        open.add(db);
        return db;
    }

    FleetStore fleetStore() {
        return open().fleetStore();
    }

    @Override
    public void close() {
        open.forEach(PostgresDatabase::close);
        open.clear();
    }
}
