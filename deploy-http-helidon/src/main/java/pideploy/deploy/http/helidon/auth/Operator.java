package pideploy.deploy.http.helidon.auth;

import java.util.Objects;

/**
 * The authenticated operator of one request, with how they proved it. Handlers read it to attribute audit entries.
 *
 * @param address the client's IP address as the server saw it
 */
public record Operator(String username, Method method, String address) {
    public Operator {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(address, "address");
    }

    /** How the request was authenticated; only {@link #SESSION} needs a CSRF token ({@link #TOKEN}: Bearer). */
    public enum Method { BASIC, SESSION, TOKEN }
}
