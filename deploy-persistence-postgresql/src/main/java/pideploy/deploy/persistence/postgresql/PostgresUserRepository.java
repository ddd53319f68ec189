package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.UserRepository;

/** Persistence adapter: operator accounts in table {@code operator_user}; each call its own transaction. */
final class PostgresUserRepository implements UserRepository {
    private final DataSource dataSource;

    PostgresUserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T with(Function<Connection, T> work) {
        return Sql.withConnection(dataSource, "connection", work);
    }

    @Override
    public void add(User u) {
        with(c -> Sql.update(
                c,
                "INSERT INTO operator_user (username, password_hash, created_at, role) VALUES (?, ?, ?, ?)",
                u.username(),
                u.passwordHash(),
                u.createdAt(),
                u.role().wire()));
    }

    @Override
    public Optional<User> find(String username) {
        return with(c ->
                Sql.one(c, "SELECT * FROM operator_user WHERE username = ?", PostgresUserRepository::map, username));
    }

    @Override
    public List<User> list() {
        return with(c -> Sql.list(c, "SELECT * FROM operator_user ORDER BY username", PostgresUserRepository::map));
    }

    @Override
    public boolean updatePasswordHash(String username, String passwordHash) {
        return with(c -> Sql.update(
                        c, "UPDATE operator_user SET password_hash = ? WHERE username = ?", passwordHash, username))
                == 1;
    }

    @Override
    public boolean updateRole(String username, Role role) {
        return with(c -> Sql.update(c, "UPDATE operator_user SET role = ? WHERE username = ?", role.wire(), username))
                == 1;
    }

    @Override
    public boolean delete(String username) {
        return with(c -> Sql.update(c, "DELETE FROM operator_user WHERE username = ?", username)) == 1;
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(
                rs.getString("username"),
                rs.getString("password_hash"),
                Sql.instant(rs, "created_at"),
                Role.parse(rs.getString("role")));
    }
}
