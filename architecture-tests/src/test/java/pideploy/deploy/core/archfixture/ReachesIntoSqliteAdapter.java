package pideploy.deploy.core.archfixture;

import pideploy.deploy.persistence.sqlite.archfixture.SqliteSide;

/** Breaks the dependency rule: a core sees an adapter. */
public final class ReachesIntoSqliteAdapter {
    SqliteSide adapter;
}
