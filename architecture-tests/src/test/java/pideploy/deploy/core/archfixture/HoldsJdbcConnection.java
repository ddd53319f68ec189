package pideploy.deploy.core.archfixture;

import java.sql.Connection;

/** Breaks the deploy-core allow-list: JDBC belongs in the persistence adapter. */
public final class HoldsJdbcConnection {
    Connection connection;
}
