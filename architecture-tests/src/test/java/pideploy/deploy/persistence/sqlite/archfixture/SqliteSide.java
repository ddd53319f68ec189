package pideploy.deploy.persistence.sqlite.archfixture;

/** Stands for a class of the SQLite adapter. */
public final class SqliteSide {}
