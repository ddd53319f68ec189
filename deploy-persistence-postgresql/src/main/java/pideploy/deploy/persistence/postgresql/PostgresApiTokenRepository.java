package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.port.ApiTokenRepository;

/** Persistence adapter: operators' API tokens in table {@code api_token}; each call its own transaction. */
final class PostgresApiTokenRepository implements ApiTokenRepository {
    private final DataSource dataSource;

    PostgresApiTokenRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T with(Function<Connection, T> work) {
        return Sql.withConnection(dataSource, "connection", work);
    }

    @Override
    public void add(ApiToken t) {
        with(c -> Sql.update(
                c,
                "INSERT INTO api_token (id, token_hash, username, label, created_at, role,"
                        + " expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(),
                t.tokenHash(),
                t.username(),
                t.label(),
                t.createdAt(),
                t.role().wire(),
                Sql.nullable(t.expiresAt()),
                Sql.nullable(t.lastUsedAt())));
    }

    @Override
    public Optional<ApiToken> findByHash(String tokenHash) {
        return with(c ->
                Sql.one(c, "SELECT * FROM api_token WHERE token_hash = ?", PostgresApiTokenRepository::map, tokenHash));
    }

    @Override
    public List<ApiToken> listOf(String username) {
        return with(c -> Sql.list(
                c,
                "SELECT * FROM api_token WHERE username = ? ORDER BY created_at, id",
                PostgresApiTokenRepository::map,
                username));
    }

    @Override
    public List<ApiToken> listAll() {
        return with(c -> Sql.list(
                c, "SELECT * FROM api_token ORDER BY username, created_at, id", PostgresApiTokenRepository::map));
    }

    @Override
    public boolean recordUse(String id, Instant at) {
        // One conditional statement: of concurrent requests (of any server) in the same minute only the first writes.
        return with(c -> Sql.update(
                        c,
                        "UPDATE api_token SET last_used_at = ? WHERE id = ?"
                                + " AND (last_used_at IS NULL OR last_used_at <= ?)",
                        at,
                        id,
                        at.minus(ApiToken.USE_RESOLUTION)))
                == 1;
    }

    @Override
    public boolean delete(String username, String id) {
        return with(c -> Sql.update(c, "DELETE FROM api_token WHERE username = ? AND id = ?", username, id)) == 1;
    }

    @Override
    public int deleteAllOf(String username) {
        return with(c -> Sql.update(c, "DELETE FROM api_token WHERE username = ?", username));
    }

    private static ApiToken map(ResultSet rs) throws SQLException {
        return new ApiToken(
                rs.getString("id"),
                rs.getString("token_hash"),
                rs.getString("username"),
                rs.getString("label"),
                Sql.instant(rs, "created_at"),
                Role.parse(rs.getString("role")),
                Sql.optionalInstant(rs, "expires_at"),
                Sql.optionalInstant(rs, "last_used_at"));
    }
}
