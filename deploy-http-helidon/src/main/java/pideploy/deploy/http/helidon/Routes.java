package pideploy.deploy.http.helidon;

import io.helidon.webserver.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pideploy.deploy.http.helidon.auth.OperatorAccess;

/**
 * Handlers bound to the routes of {@link RouteTable}. Building fails unless every route of the table has exactly one
 * handler, so the running server, the table and (through its test) the OpenAPI document cannot drift apart.
 */
// Role checks (ADR-0043) are added here, around every logged-in route, so no handler can forget its own.
public final class Routes {
    /** A route with its handler. */
    public record Bound(RouteSpec spec, Handler handler) {}

    private final List<Bound> bound;

    private Routes(List<Bound> bound) {
        this.bound = List.copyOf(bound);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** In table order, which is also registration order (earlier routes win on overlapping patterns). */
    public List<Bound> on(RouteSpec.Listener listener) {
        return bound.stream().filter(b -> b.spec().listener() == listener).toList();
    }

    /** Collects bindings; {@link #build()} checks them against the table. */
    public static final class Builder {
        private final Map<RouteSpec, Handler> handlers = new LinkedHashMap<>();

        public Builder bind(RouteSpec spec, Handler handler) {
            if (!RouteTable.ALL.contains(spec)) {
                throw new IllegalArgumentException("route " + spec + " is not in RouteTable.ALL; add it there first");
            }
            if (handlers.putIfAbsent(spec, handler) != null) {
                throw new IllegalArgumentException("route " + spec + " is bound twice");
            }
            return this;
        }

        public boolean isBound(RouteSpec spec) {
            return handlers.containsKey(spec);
        }

        public Routes build() {
            List<Bound> out = new ArrayList<>();
            List<RouteSpec> missing = new ArrayList<>();
            for (RouteSpec spec : RouteTable.ALL) {
                Handler h = handlers.get(spec);
                if (h == null) {
                    missing.add(spec);
                } else if (spec.listener() == RouteSpec.Listener.OPERATOR
                        && spec.access() == RouteSpec.Access.OPERATOR) {
                    out.add(new Bound(spec, OperatorAccess.requiring(RouteTable.requiredRole(spec), h)));
                } else {
                    out.add(new Bound(spec, h));
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("routes without a handler: " + missing);
            }
            return new Routes(out);
        }
    }
}
