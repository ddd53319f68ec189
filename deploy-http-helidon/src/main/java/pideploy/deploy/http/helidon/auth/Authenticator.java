package pideploy.deploy.http.helidon.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.usecase.Authenticate;
import pideploy.deploy.core.usecase.IssueToken;

/**
 * Decides who is calling: HTTP Basic credentials, an API token ({@code Authorization: Bearer}) or a session cookie. Passwords are checked against PBKDF2 hashes;
 * because PBKDF2 is deliberately slow, a successful Basic check is remembered for a few minutes as a SHA-256 of the
 * exact header value plus the stored hash, so a script's hundreds of calls cost one derivation, and a password change
 * (new hash) invalidates the memory at once.
 */
public final class Authenticator {
    private static final System.Logger LOG = System.getLogger(Authenticator.class.getName());
    public static final String SESSION_COOKIE = "pideploy_session";
    private static final Duration BASIC_MEMORY = Duration.ofMinutes(5);
    private static final Duration BUSY_RETRY = Duration.ofSeconds(2);
    /** The audit actor of a failed login: nobody is authenticated, the tried name is the entry's target. */
    public static final String ANONYMOUS = Authenticate.ANONYMOUS;

    /** Why authentication failed, for the status and message. */
    public sealed interface Outcome {
        record Authenticated(Operator operator, Optional<Sessions.Session> session) implements Outcome {}

        record Anonymous() implements Outcome {}

        record Refused(String reason) implements Outcome {}

        record Throttled(Duration retryAfter) implements Outcome {}

        /** Too many password checks are already waiting for the derivation threads; not a judgement on the password. */
        record Busy(Duration retryAfter) implements Outcome {}
    }

    private record Remembered(byte[] digest, Instant until) {}

    private final Authenticate accounts;
    private final Sessions sessions;
    private final ApiTokenRepository tokens;
    private final LoginThrottle throttle;
    private final PasswordChecks checks;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Remembered> basicMemory = new ConcurrentHashMap<>();
    private static final Duration BUSY_SUMMARY = Duration.ofSeconds(10);
    private final AtomicLong busySinceLog = new AtomicLong();
    private final AtomicReference<Instant> lastBusyLog = new AtomicReference<>(Instant.EPOCH);

    /**
     * @param accounts the core's password check, which also records failed logins (ADR-0100)
     * @param checks   where password derivations run (never on the request's thread)
     */
    public Authenticator(
            Authenticate accounts,
            Sessions sessions,
            ApiTokenRepository tokens,
            LoginThrottle throttle,
            PasswordChecks checks,
            InstantSource clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.tokens = tokens;
        this.throttle = throttle;
        this.checks = checks;
        this.clock = clock;
    }

    public Outcome authenticate(ServerRequest req) {
        String address = req.remotePeer().host();
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            return authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)
                    ? bearer(authorization.get().substring(7).trim(), address)
                    : basic(authorization.get(), address);
        }
        Optional<String> sessionId = cookie(req, SESSION_COOKIE);
        if (sessionId.isPresent()) {
            Optional<Sessions.Session> session = sessions.find(sessionId.get());
            Optional<User> account = session.flatMap(s -> accounts.account(s.username()));
            if (session.isEmpty() || account.isEmpty()) {
                return new Outcome.Refused("session expired or unknown; log in again");
            }
            return new Outcome.Authenticated(
                    new Operator(
                            session.get().username(),
                            Operator.Method.SESSION,
                            address,
                            account.get().role()),
                    session);
        }
        return new Outcome.Anonymous();
    }

    /**
     * Checks a username and password from a login form or Basic header, applying the slowdown; the derivation runs
     * on {@link PasswordChecks}, and a failure is logged and audited.
     */
    public Outcome checkPassword(String username, String password, String address) {
        Optional<Duration> wait = throttle.waitFor(username, address);
        if (wait.isPresent()) {
            return new Outcome.Throttled(wait.get());
        }
        Optional<Optional<User>> matched =
                checks.run(() -> accounts.password(username, password.toCharArray()), Optional.empty());
        if (matched.isEmpty()) {
            busyNotLogged(address);
            return new Outcome.Busy(BUSY_RETRY);
        }
        if (matched.get().isEmpty()) {
            throttle.failed(username, address);
            accounts.refused(
                    username,
                    address,
                    throttle.addressBlocked(address)
                            ? "wrong username or password; further logins from this address" + " are slowed down"
                            : "wrong username or password");
            return new Outcome.Refused("wrong username or password");
        }
        throttle.succeeded(username, address);
        return new Outcome.Authenticated(
                new Operator(
                        username,
                        Operator.Method.BASIC,
                        address,
                        matched.get().get().role()),
                Optional.empty());
    }

    /**
     * Logs refused-as-busy logins as one summary line per {@link #BUSY_SUMMARY}, not one line each: in a flood that
     * is thousands of lines a second, and the log handler's lock then slows every device request that logs.
     */
    private void busyNotLogged(String address) {
        long n = busySinceLog.incrementAndGet();
        Instant now = clock.instant();
        Instant last = lastBusyLog.get();
        if (Duration.between(last, now).compareTo(BUSY_SUMMARY) >= 0 && lastBusyLog.compareAndSet(last, now)) {
            busySinceLog.addAndGet(-n);
            LOG.log(
                    Level.WARNING,
                    "{0} logins not checked since {1}: too many password checks waiting (last from {2})",
                    n,
                    last.equals(Instant.EPOCH) ? "start" : last.toString(),
                    address);
        }
    }

    /** Forgets remembered Basic credentials of a user (password changed or account removed). */
    public void forget(String username) {
        basicMemory.remove(username);
        sessions.closeAll(username);
    }

    /**
     * An API token (ADR-0031, ADR-0051). No slowdown as for passwords: the secret has 256 random bits, so guessing is
     * hopeless, and scripts should not be throttled. A token of a removed account is refused even if its row
     * survived, an expired one with a message that says so. The request acts with the lower of the token's role and
     * its owner's current role. The last use is written at most once a minute per token: the row is read on every
     * request anyway, so deciding costs nothing, and a script's burst costs one write, not one per call.
     */
    private Outcome bearer(String token, String address) {
        if (token.isEmpty() || token.length() > 200) {
            return new Outcome.Refused("Bearer token is empty or too long");
        }
        Optional<ApiToken> found = tokens.findByHash(IssueToken.hashOf(token));
        Optional<User> owner = found.flatMap(t -> accounts.account(t.username()));
        if (owner.isEmpty()) {
            LOG.log(Level.WARNING, "unknown or revoked API token from {0}", address);
            return new Outcome.Refused("unknown or revoked API token");
        }
        ApiToken t = found.get();
        Instant now = clock.instant();
        if (t.expiredAt(now)) {
            LOG.log(Level.INFO, "expired API token {0} of user {1} from {2}", t.id(), t.username(), address);
            return new Outcome.Refused("API token %s of %s expired at %s; make a new one"
                    .formatted(t.id(), t.username(), t.expiresAt().orElseThrow()));
        }
        if (t.useWorthRecording(now)) {
            try {
                tokens.recordUse(t.id(), now);
            } catch (StorageException e) {
                // Bookkeeping only: a busy or full database must not turn a valid token away.
                LOG.log(Level.WARNING, "last use of API token {0} not recorded: {1}", t.id(), e.getMessage());
            }
        }
        return new Outcome.Authenticated(
                new Operator(
                        t.username(),
                        Operator.Method.TOKEN,
                        address,
                        t.effectiveRole(owner.get().role())),
                Optional.empty());
    }

    private Outcome basic(String header, String address) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Outcome.Refused("only Basic and Bearer authorization are supported");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused("Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return new Outcome.Refused("Basic credentials must be user:password");
        }
        String username = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Optional<User> account = accounts.account(username);
        Optional<String> hash = account.map(User::passwordHash);
        if (hash.isPresent()) {
            byte[] digest = sha256(header + "\u0000" + hash.get());
            Remembered r = basicMemory.get(username);
            if (r != null && r.until().isAfter(clock.instant()) && MessageDigest.isEqual(r.digest(), digest)) {
                return new Outcome.Authenticated(
                        new Operator(
                                username,
                                Operator.Method.BASIC,
                                address,
                                account.get().role()),
                        Optional.empty());
            }
        }
        Outcome outcome = checkPassword(username, password, address);
        if (outcome instanceof Outcome.Authenticated && hash.isPresent()) {
            basicMemory.put(
                    username,
                    new Remembered(
                            sha256(header + "\u0000" + hash.get()),
                            clock.instant().plus(BASIC_MEMORY)));
        }
        return outcome;
    }

    public static Optional<String> cookie(ServerRequest req, String name) {
        for (String header : req.headers().all(HeaderNames.COOKIE, java.util.List::of)) {
            for (String part : header.split(";")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).equals(name)) {
                    return Optional.of(p.substring(eq + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
