package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.util.Optional;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.PasswordHasher;
import pideploy.deploy.core.port.UserRepository;

/**
 * Checks an operator's password, and records a failed login as {@code session.login-failed}. Slowing down repeated
 * failures and keeping the derivation off a request's thread are the HTTP adapter's (ADR-0043, ADR-0052); so is
 * checking sessions and API tokens, which need no password.
 */
public final class Authenticate {
    private static final System.Logger LOG = System.getLogger(Authenticate.class.getName());
    /** The audit actor of a failed login: nobody is authenticated, the tried name is the entry's target. */
    public static final String ANONYMOUS = "anonymous";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final OperatorAudit audit;
    private volatile String dummyHash;

    Authenticate(UserRepository users, PasswordHasher hasher, OperatorAudit audit) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** The account of that name, read afresh (its role may have changed); empty for unknown names, never throws. */
    public Optional<User> account(String username) {
        try {
            return users.find(User.validateUsername(username));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The account if {@code password} is its password; empty if not or if there is no such account. Unknown users
     * cost a derivation too, so response time does not reveal which names exist.
     */
    public Optional<User> password(String username, char[] password) {
        Optional<User> account = account(username);
        boolean matched =
                hasher.verify(password, account.map(User::passwordHash).orElseGet(this::dummyHash));
        return matched ? account : Optional.empty();
    }

    /** Records a failed login from {@code address}; {@code detail} says what happens next (e.g. a slowdown). */
    public void refused(String tried, String address, String detail) {
        String printable = printable(tried);
        LOG.log(Level.WARNING, "login failed for user {0} from {1}", printable, address);
        audit.record(new Actor(ANONYMOUS, Role.VIEWER, address), "session.login-failed", printable, detail);
    }

    /** Made on first use, not at start: it costs a full derivation. */
    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = hasher.hash("not-a-real-password".toCharArray());
            dummyHash = h;
        }
        return h;
    }

    /** The tried name as it may go into the log and audit: printable and at most 64 characters. */
    private static String printable(String username) {
        String clean = username.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "...";
    }
}
