package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;

/** Contract of {@link UserRepository}. */
public abstract class UserRepositoryContract {
    private UserRepository users;

    /** A fresh, empty repository per test. */
    protected abstract UserRepository newRepository();

    @BeforeEach
    void create() {
        users = newRepository();
    }

    private static User user(String name) {
        return new User(name, "pbkdf2-sha256$310000$c2FsdA$aGFzaA", T0, Role.OPERATOR);
    }

    @Test
    void findsNothingForAnUnknownUser() {
        assertThat(users.find("nobody")).isEmpty();
    }

    @Test
    void keepsAnAddedUser() {
        users.add(user("admin"));

        assertThat(users.find("admin")).contains(user("admin"));
    }

    @Test
    void rejectsASecondUserWithTheSameName() {
        users.add(user("admin"));

        assertThatThrownBy(() -> users.add(user("admin"))).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void listsUsersByName() {
        users.add(user("zoe"));
        users.add(user("admin"));

        assertThat(users.list()).extracting(User::username).containsExactly("admin", "zoe");
    }

    @Test
    void replacesThePasswordHash() {
        users.add(user("admin"));

        assertThat(users.updatePasswordHash("admin", "new-hash")).isTrue();
        assertThat(users.updatePasswordHash("ghost", "new-hash")).isFalse();
        assertThat(users.find("admin")).map(User::passwordHash).contains("new-hash");
    }

    @Test
    void keepsTheRoleAndChangesIt() {
        users.add(user("anna").withRole(Role.VIEWER));

        assertThat(users.find("anna")).map(User::role).contains(Role.VIEWER);
        assertThat(users.updateRole("anna", Role.ADMIN)).isTrue();
        assertThat(users.updateRole("ghost", Role.ADMIN)).isFalse();
        assertThat(users.find("anna")).map(User::role).contains(Role.ADMIN);
        assertThat(users.updatePasswordHash("anna", "other-hash")).isTrue();
        assertThat(users.find("anna")).map(User::role).contains(Role.ADMIN);
    }

    @Test
    void deletesAUser() {
        users.add(user("admin"));

        assertThat(users.delete("admin")).isTrue();
        assertThat(users.delete("admin")).isFalse();
        assertThat(users.find("admin")).isEmpty();
    }
}
