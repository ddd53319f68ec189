package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import pideploy.deploy.core.operator.OperatorSession;
import pideploy.deploy.core.port.SessionRepository;

/** Persistence adapter: operator browser sessions in table {@code operator_session}; each call its own transaction. */
final class PostgresSessionRepository implements SessionRepository {
    private final DataSource dataSource;

    PostgresSessionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T with(Function<Connection, T> work) {
        return Sql.withConnection(dataSource, "connection", work);
    }

    @Override
    public void add(OperatorSession s) {
        with(c -> Sql.update(
                c,
                "INSERT INTO operator_session (token_hash, username, created_at, last_seen_at,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?)",
                s.tokenHash(),
                s.username(),
                s.createdAt(),
                s.lastSeenAt(),
                s.expiresAt()));
    }

    @Override
    public Optional<OperatorSession> find(String tokenHash) {
        return with(c -> Sql.one(
                c, "SELECT * FROM operator_session WHERE token_hash = ?", PostgresSessionRepository::map, tokenHash));
    }

    @Override
    public boolean touch(String tokenHash, Instant lastSeenAt, Instant expiresAt) {
        return with(c -> Sql.update(
                        c,
                        "UPDATE operator_session SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?",
                        lastSeenAt,
                        expiresAt,
                        tokenHash))
                == 1;
    }

    @Override
    public boolean delete(String tokenHash) {
        return with(c -> Sql.update(c, "DELETE FROM operator_session WHERE token_hash = ?", tokenHash)) == 1;
    }

    @Override
    public int deleteAllOf(String username) {
        return with(c -> Sql.update(c, "DELETE FROM operator_session WHERE username = ?", username));
    }

    @Override
    public int deleteExpired(Instant now) {
        return with(c -> Sql.update(c, "DELETE FROM operator_session WHERE expires_at <= ?", now));
    }

    private static OperatorSession map(ResultSet rs) throws SQLException {
        return new OperatorSession(
                rs.getString("token_hash"),
                rs.getString("username"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "last_seen_at"),
                Sql.instant(rs, "expires_at"));
    }
}
