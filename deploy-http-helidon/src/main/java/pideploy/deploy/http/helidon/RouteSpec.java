package pideploy.deploy.http.helidon;

import io.helidon.http.Method;
import java.util.Objects;

/**
 * One route of the server: which listener, method and path pattern (Helidon's and OpenAPI's {@code {name}} syntax),
 * who may call it, and whether the OpenAPI document must describe it (only the web UI's files are exempt).
 */
public record RouteSpec(Listener listener, Method method, String path, Access access, boolean documented) {
    public RouteSpec {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(access, "access");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': '%s'".formatted(path));
        }
    }

    /** The two networks the server listens on. */
    public enum Listener {
        /** Blank devices on the deployment network; no login, nothing but the deployment API. */
        DEVICE("@default"),
        /** Operators; login required for everything but the login itself and the web UI's files. */
        OPERATOR("admin");

        private final String socketName;

        Listener(String socketName) {
            this.socketName = socketName;
        }

        /** Helidon's socket name: the default socket is {@code @default}. */
        public String socketName() {
            return socketName;
        }
    }

    /** Who may call a route. */
    public enum Access {
        PUBLIC,
        OPERATOR
    }

    @Override
    public String toString() {
        return listener + " " + method.text() + " " + path;
    }
}
