package pideploy.deploy.core.fake;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.UserRepository;

/** In-memory {@link UserRepository}; thread-safe. */
public final class InMemoryUserRepository implements UserRepository {
    private final Map<String, User> users = new TreeMap<>();

    @Override
    public synchronized void add(User user) {
        if (users.containsKey(user.username())) {
            throw new DuplicateKeyException("user " + user.username() + " exists");
        }
        users.put(user.username(), user);
    }

    @Override
    public synchronized Optional<User> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    @Override
    public synchronized List<User> list() {
        return List.copyOf(users.values());
    }

    @Override
    public synchronized boolean updatePasswordHash(String username, String passwordHash) {
        User old = users.get(username);
        if (old == null) {
            return false;
        }
        users.put(username, new User(username, passwordHash, old.createdAt(), old.role()));
        return true;
    }

    @Override
    public synchronized boolean updateRole(String username, Role role) {
        User old = users.get(username);
        if (old == null) {
            return false;
        }
        users.put(username, old.withRole(role));
        return true;
    }

    @Override
    public synchronized boolean delete(String username) {
        return users.remove(username) != null;
    }
}
