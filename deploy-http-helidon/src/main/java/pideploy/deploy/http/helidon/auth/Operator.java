package pideploy.deploy.http.helidon.auth;

import java.util.Objects;
import pideploy.deploy.core.operator.Role;

/**
 * The authenticated operator of one request, with how they proved it and what their account may do. Handlers read it
 * to attribute audit entries and to check roles (ADR-0043).
 *
 * @param address the client's IP address as the server saw it
 * @param role    what the request may do: the account's role when the request came in, or for an API token the
 *                lower of the token's role and the account's (ADR-0051)
 */
public record Operator(String username, Method method, String address, Role role) {
    public Operator {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
    }

    /** How the request was authenticated; only {@link #SESSION} needs a CSRF token ({@link #TOKEN}: Bearer). */
    public enum Method {
        BASIC,
        SESSION,
        TOKEN
    }
}
