package pideploy.deploy.persistence.postgresql;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * "A fresh PostgreSQL database" for every test that needs one: one throwaway cluster ({@link LocalPostgres}) for the
 * whole test run, started by the first test that asks and stopped when JUnit ends the run, and a new empty database
 * per call of {@link #freshDatabase()} or per {@link LocalPostgres.TestDatabase} parameter.
 *
 * <p>Use {@code @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();} and call
 * {@link #freshDatabase()}, or {@code @ExtendWith(PostgresExtension.class)} and take a {@code TestDatabase} parameter.
 * The cluster lives in {@code target/} of the module under test (override with system property
 * {@code pideploy.pg.dir}).
 */
public final class PostgresExtension implements ParameterResolver, org.junit.jupiter.api.extension.BeforeAllCallback {
    private static volatile LocalPostgres cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    /** A new empty database on the run's cluster. */
    public LocalPostgres.TestDatabase freshDatabase() {
        LocalPostgres pg = cluster;
        if (pg == null) {
            throw new IllegalStateException("PostgresExtension: register it with @RegisterExtension on a static field "
                    + "so the cluster starts before the tests");
        }
        return pg.freshDatabase();
    }

    /** The run's cluster (for tests that need its port or superuser). */
    public LocalPostgres cluster() {
        return cluster;
    }

    private static synchronized LocalPostgres cluster(ExtensionContext context) {
        // Kept in the root context's store: JUnit closes it (pg_ctl stop) when the whole run ends.
        return cluster = context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        LocalPostgres.class,
                        k -> LocalPostgres.start(Path.of(System.getProperty("pideploy.pg.dir", "target"))),
                        LocalPostgres.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalPostgres.TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context).freshDatabase();
    }
}
