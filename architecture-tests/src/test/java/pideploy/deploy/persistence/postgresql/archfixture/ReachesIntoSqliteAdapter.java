package pideploy.deploy.persistence.postgresql.archfixture;

import pideploy.deploy.persistence.sqlite.archfixture.SqliteSide;

/** Breaks the adapter rule: the PostgreSQL adapter borrows from the SQLite one instead of standing alone. */
public final class ReachesIntoSqliteAdapter {
    SqliteSide sqlite;
}
