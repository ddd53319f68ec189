package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import pideploy.deploy.core.port.FleetIntegrity;
import pideploy.deploy.core.port.IntegrityProblem;

/**
 * {@link FleetIntegrity} of a PostgreSQL database (ADR-0087): the fleet invariants in one repeatable-read transaction,
 * so the running servers' writes do not tear the picture. Page-level checks are PostgreSQL's own business
 * ({@code pg_amcheck}); foreign keys it enforces itself.
 */
final class PostgresFleetIntegrity implements FleetIntegrity {
    private final DataSource dataSource;

    PostgresFleetIntegrity(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<IntegrityProblem> check() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return check(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "database verification");
        }
    }

    private static List<IntegrityProblem> check(Connection c) {
        List<IntegrityProblem> problems = new ArrayList<>();
        problems.addAll(Sql.list(
                c,
                "SELECT hostname, count(*) FROM device WHERE hostname IS NOT NULL GROUP BY hostname "
                        + "HAVING count(*) > 1 ORDER BY hostname",
                rs -> new IntegrityProblem(
                        IntegrityProblem.HOSTNAME_HELD_TWICE,
                        "hostname %s is held by %d devices".formatted(rs.getString(1), rs.getInt(2)))));
        problems.addAll(Sql.list(
                c,
                "SELECT p.hostname, p.holder, d.id, coalesce(d.serial, d.mac), d.hostname FROM pool_entry p "
                        + "LEFT JOIN device d ON d.id = p.holder WHERE p.state = 'assigned' "
                        + "AND (d.id IS NULL OR d.hostname IS NULL OR d.hostname <> p.hostname) ORDER BY p.hostname",
                rs -> new IntegrityProblem(
                        IntegrityProblem.POOL_HOLDER,
                        rs.getObject(3) == null
                                ? "pool entry %s is assigned to device %s, which does not exist"
                                        .formatted(rs.getString(1), rs.getString(2))
                                : "pool entry %s is assigned to device %s (%s), which holds %s"
                                        .formatted(
                                                rs.getString(1),
                                                rs.getString(3),
                                                rs.getString(4),
                                                rs.getString(5) == null ? "no hostname" : rs.getString(5)))));
        problems.addAll(Sql.list(
                c,
                "SELECT d.hostname, d.id, coalesce(d.serial, d.mac), p.state, p.holder FROM device d "
                        + "JOIN pool_entry p ON p.hostname = d.hostname "
                        + "WHERE p.holder IS NULL OR p.holder <> d.id ORDER BY d.hostname",
                rs -> new IntegrityProblem(
                        IntegrityProblem.UNPOOLED_HOLDER,
                        "device %s (%s) holds %s, but its pool entry is %s%s"
                                .formatted(
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(1),
                                        rs.getString(4),
                                        rs.getObject(5) == null ? "" : " (held by device " + rs.getString(5) + ")"))));
        problems.addAll(Sql.list(
                c,
                "SELECT p.hostname FROM pool_entry p WHERE p.state = 'assigned' "
                        + "AND NOT EXISTS (SELECT 1 FROM deployment x WHERE x.hostname = p.hostname) ORDER BY p.hostname",
                rs -> new IntegrityProblem(
                        IntegrityProblem.ASSIGNED_WITHOUT_DEPLOYMENT,
                        "pool entry %s is assigned but no deployment has that hostname".formatted(rs.getString(1)))));
        return problems;
    }
}
