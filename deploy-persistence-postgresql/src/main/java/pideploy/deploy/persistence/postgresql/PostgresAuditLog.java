package pideploy.deploy.persistence.postgresql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.port.AuditLog;

/** Persistence adapter: the audit log in table {@code audit_log}; each call its own transaction. */
final class PostgresAuditLog implements AuditLog {
    private final DataSource dataSource;

    PostgresAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public AuditEntry append(NewAuditEntry e) {
        // One statement with RETURNING, so the id is this insert's even when connections interleave.
        long id = Sql.withConnection(
                dataSource,
                "audit append",
                c -> Sql.one(c, """
                INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING id""", rs -> rs.getLong(1), e.at(), e.actor(), e.action(), e.target(), e.detail())
                        .orElseThrow());
        return new AuditEntry(id, e.at(), e.actor(), e.action(), e.target(), e.detail());
    }

    @Override
    public List<AuditEntry> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        q.actor().ifPresent(a -> {
            sql.append(" AND actor = ?");
            params.add(a);
        });
        q.since().ifPresent(s -> {
            sql.append(" AND at >= ?");
            params.add(s);
        });
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        params.add(q.limit());
        params.add(q.offset());
        return Sql.withConnection(
                dataSource, "audit query", c -> Sql.list(c, sql.toString(), PostgresAuditLog::map, params.toArray()));
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                Sql.instant(rs, "at"),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("detail"));
    }
}
