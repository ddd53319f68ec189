package pideploy.deploy.core.port;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;

/** Operator accounts. Each call is its own transaction. Thread-safe. */
public interface UserRepository {
    /** @throws DuplicateKeyException if the username exists */
    void add(User user);

    Optional<User> find(String username);

    /** All users ordered by username. */
    List<User> list();

    /** Replaces the password hash; returns false if there is no such user. */
    boolean updatePasswordHash(String username, String passwordHash);

    /** Replaces the role (ADR-0043); returns false if there is no such user. */
    boolean updateRole(String username, Role role);

    /** Deletes the user; returns false if there was none. */
    boolean delete(String username);
}
