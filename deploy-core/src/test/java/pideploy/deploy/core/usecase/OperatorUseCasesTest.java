package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fake.InMemoryApiTokenRepository;
import pideploy.deploy.core.fake.InMemoryAuditLog;
import pideploy.deploy.core.fake.InMemorySessionRepository;
import pideploy.deploy.core.fake.InMemoryUserRepository;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fake.SaltedTestHasher;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.OperatorSession;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.TokenLifetime;
import pideploy.deploy.core.operator.User;

/** The operator use cases over in-memory ports: each rule, and the one audit entry each writes (ADR-0100). */
class OperatorUseCasesTest {
    private static final String PASSWORD = "a long enough password";
    private final InMemoryUserRepository users = new InMemoryUserRepository();
    private final InMemorySessionRepository sessions = new InMemorySessionRepository();
    private final InMemoryApiTokenRepository tokens = new InMemoryApiTokenRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final MutableClock clock = MutableClock.at("2026-12-04T01:00:00Z");
    private final Operators operators = Operators.create(users, sessions, tokens, audit, new SaltedTestHasher(), clock);
    private final Actor admin = new Actor("root", Role.ADMIN, "127.0.0.1");
    private final Actor cli = Actor.commandLine("pi");

    @BeforeEach
    void firstAdmin() {
        done(operators.addOperator().add(cli, "root", PASSWORD, Role.ADMIN));
    }

    @Test
    void addingAnOperatorStoresAHashNotThePasswordAndAuditsWhoAndFromWhere() {
        User olga = done(operators.addOperator().add(admin, "olga", PASSWORD, Role.VIEWER));

        assertThat(olga.role()).isEqualTo(Role.VIEWER);
        assertThat(olga.passwordHash()).doesNotContain(PASSWORD);
        assertThat(operators.authenticate().password("olga", PASSWORD.toCharArray()))
                .map(User::username)
                .contains("olga");
        assertThat(operators.authenticate().password("olga", "wrong password!!".toCharArray()))
                .isEmpty();
        AuditEntry entry = latest();
        assertThat(entry.actor()).isEqualTo("root");
        assertThat(entry.action()).isEqualTo("user.add");
        assertThat(entry.target()).isEqualTo("olga");
        assertThat(entry.detail()).isEqualTo("from 127.0.0.1; role viewer");
        assertThat(audit.query(new AuditQuery(Optional.of("cli:pi"), Optional.empty(), 10, 0)))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("from the command line; role admin"));
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndChangeNothing() {
        Actor viewer = new Actor("olga", Role.VIEWER, "127.0.0.2");
        done(operators.addOperator().add(admin, "olga", PASSWORD, Role.VIEWER));
        int entries = audit.query(new AuditQuery(Optional.empty(), Optional.empty(), 100, 0))
                .size();

        assertThat(refused(operators.addOperator().add(admin, "olga", PASSWORD, Role.ADMIN)))
                .isEqualTo(new AccountRefusal.AlreadyExists("olga"));
        assertThat(refused(operators.addOperator().add(admin, "nina", "short", Role.ADMIN)))
                .isInstanceOf(AccountRefusal.WeakPassword.class);
        assertThat(refused(operators.addOperator().add(viewer, "nina", PASSWORD, Role.ADMIN)))
                .isInstanceOf(AccountRefusal.NotAllowed.class);
        assertThat(refused(operators.setRole().set(admin, "root", Role.OPERATOR))
                        .message())
                .isEqualTo("user root is the last admin and cannot be demoted to operator;"
                        + " make another account admin first");
        assertThat(refused(operators.removeOperator().remove(admin, "root")))
                .isEqualTo(new AccountRefusal.LastAdmin("root", "removed"));
        assertThat(refused(operators.removeOperator().remove(admin, "nobody")))
                .isEqualTo(new AccountRefusal.NoSuchUser("nobody"));
        assertThat(refused(operators.changePassword().change(viewer, "root", Optional.empty(), PASSWORD + "!")))
                .isInstanceOf(AccountRefusal.NotAllowed.class);
        assertThat(refused(operators.changePassword().change(viewer, "olga", Optional.empty(), PASSWORD + "!")))
                .isEqualTo(new AccountRefusal.OldPasswordMissing());
        assertThat(refused(operators
                        .changePassword()
                        .change(viewer, "olga", Optional.of("not the password"), PASSWORD + "!")))
                .isEqualTo(new AccountRefusal.WrongPassword("olga"));
        assertThat(refused(operators
                        .issueToken()
                        .issue(viewer, "olga", "", Optional.of(Role.ADMIN), TokenLifetime.DEFAULT)))
                .isEqualTo(new AccountRefusal.RoleAboveOwner("olga", Role.VIEWER, Role.ADMIN));
        assertThat(refused(operators.issueToken().issue(viewer, "root", "", Optional.empty(), TokenLifetime.DEFAULT)))
                .isInstanceOf(AccountRefusal.NotAllowed.class);
        assertThat(refused(operators.revokeToken().revoke(viewer, "olga", "aaaaaaaaaaaa")))
                .isEqualTo(new AccountRefusal.NoSuchToken("olga", "aaaaaaaaaaaa"));

        assertThat(users.find("root").orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(users.list()).extracting(User::username).containsExactly("olga", "root");
        assertThat(operators.authenticate().password("olga", PASSWORD.toCharArray()))
                .isPresent();
        assertThat(tokens.listAll()).isEmpty();
        assertThat(audit.query(new AuditQuery(Optional.empty(), Optional.empty(), 100, 0)))
                .hasSize(entries);
    }

    @Test
    void aPasswordChangeEndsTheAccountsSessionsAndTokens() {
        done(operators.addOperator().add(admin, "olga", PASSWORD, Role.OPERATOR));
        Actor olga = new Actor("olga", Role.OPERATOR, "127.0.0.2");
        IssueToken.Issued issued = done(operators
                .issueToken()
                .issue(olga, "olga", "nightly export", Optional.of(Role.VIEWER), TokenLifetime.DEFAULT));
        assertThat(issued.secret()).startsWith("pdt_" + issued.token().id() + "_");
        assertThat(tokens.findByHash(IssueToken.hashOf(issued.secret()))).isPresent();
        assertThat(latest().detail()).contains("token " + issued.token().id() + " (nightly export), role viewer");
        sessions.add(new OperatorSession(
                "a".repeat(64),
                "olga",
                Instant.parse("2026-12-04T00:00:00Z"),
                clock.instant(),
                clock.instant().plusSeconds(600)));

        ChangePassword.Changed changed =
                done(operators.changePassword().change(olga, "olga", Optional.of(PASSWORD), "another long password"));

        assertThat(changed).isEqualTo(new ChangePassword.Changed("olga", 1, 1));
        assertThat(tokens.listOf("olga")).isEmpty();
        assertThat(sessions.find("a".repeat(64))).isEmpty();
        assertThat(operators.authenticate().password("olga", "another long password".toCharArray()))
                .isPresent();
        assertThat(latest().action()).isEqualTo("user.password");
        assertThat(latest().detail()).isEqualTo("from 127.0.0.2; ended 1 browser sessions, revoked 1 API tokens");
    }

    @Test
    void removingAnAccountTakesItsTokensAndAFailedLoginIsAuditedAsAnonymous() {
        done(operators.addOperator().add(admin, "olga", PASSWORD, Role.ADMIN));
        done(operators.issueToken().issue(admin, "olga", "", Optional.empty(), TokenLifetime.DEFAULT));

        assertThat(done(operators.removeOperator().remove(admin, "olga"))).isEqualTo("olga");
        assertThat(tokens.listAll()).isEmpty();
        assertThat(operators.authenticate().password("olga", PASSWORD.toCharArray()))
                .isEmpty();

        operators.authenticate().refused("olga\n", "127.0.0.9", "wrong username or password");
        assertThat(latest())
                .extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::detail)
                .containsExactly(
                        Authenticate.ANONYMOUS,
                        "session.login-failed",
                        "olga?",
                        "from 127.0.0.9; wrong username or password");
    }

    private AuditEntry latest() {
        return audit.query(new AuditQuery(Optional.empty(), Optional.empty(), 1, 0))
                .getFirst();
    }

    private static <T> T done(AccountResult<T> result) {
        return result.orElseThrow(r -> new IllegalStateException("refused: " + r.message()));
    }

    private static AccountRefusal refused(AccountResult<?> result) {
        assertThat(result).isInstanceOf(AccountResult.Refused.class);
        return ((AccountResult.Refused<?>) result).reason();
    }
}
