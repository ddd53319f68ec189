package pideploy.deploy.http.helidon;

import java.time.Clock;
import pideploy.deploy.core.fake.InMemoryApiTokenRepository;
import pideploy.deploy.core.fake.InMemoryAuditLog;
import pideploy.deploy.core.fake.InMemorySessionRepository;
import pideploy.deploy.core.fake.InMemoryUserRepository;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.usecase.Operators;
import pideploy.deploy.http.helidon.auth.Pbkdf2PasswordHasher;

/** The core's operator use cases over in-memory ports and the real PBKDF2 hasher (at a test's iteration count). */
final class TestOperators {
    private TestOperators() {}

    static Operators over(UserRepository users) {
        return Operators.create(
                users,
                new InMemorySessionRepository(),
                new InMemoryApiTokenRepository(),
                new InMemoryAuditLog(),
                new Pbkdf2PasswordHasher(10_000),
                Clock.systemUTC());
    }

    /** With no account at all. */
    static Operators none() {
        return over(new InMemoryUserRepository());
    }
}
