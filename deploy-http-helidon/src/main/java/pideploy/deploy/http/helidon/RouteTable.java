package pideploy.deploy.http.helidon;

import static pideploy.deploy.http.helidon.RouteSpec.Access.OPERATOR;
import static pideploy.deploy.http.helidon.RouteSpec.Access.PUBLIC;

import io.helidon.http.Method;
import java.util.List;
import java.util.Set;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.http.helidon.RouteSpec.Access;
import pideploy.deploy.http.helidon.RouteSpec.Listener;
import pideploy.wire.DevicePaths;

/**
 * Every route the server answers, in registration order. Routing binds handlers to these constants
 * ({@link Routes}), and a test checks this list against {@code docs/openapi.yaml} both ways.
 */
public final class RouteTable {
    private RouteTable() {}

    // Device listener: the deployment API, nothing else.
    public static final RouteSpec CONFIG = device(Method.POST, DevicePaths.CONFIG);
    public static final RouteSpec STATUS = device(Method.POST, DevicePaths.STATUS);
    public static final RouteSpec IMAGE_GET = device(Method.GET, "/images/{file}");
    public static final RouteSpec IMAGE_HEAD = device(Method.HEAD, "/images/{file}");
    public static final RouteSpec DEVICE_HEALTH = device(Method.GET, "/health");

    // Operator listener.
    public static final RouteSpec HEALTH = op(Method.GET, "/health", PUBLIC);
    public static final RouteSpec METRICS = op(Method.GET, "/metrics", OPERATOR);
    public static final RouteSpec LOGIN = op(Method.POST, "/api/v1/session", PUBLIC);
    public static final RouteSpec SESSION = op(Method.GET, "/api/v1/session", OPERATOR);
    public static final RouteSpec LOGOUT = op(Method.DELETE, "/api/v1/session", OPERATOR);
    public static final RouteSpec SYSTEM = op(Method.GET, "/api/v1/system", OPERATOR);
    public static final RouteSpec EVENTS = op(Method.GET, "/api/v1/events", OPERATOR);
    public static final RouteSpec LOGS = op(Method.GET, "/api/v1/logs", OPERATOR);

    public static final RouteSpec VENUES = op(Method.GET, "/api/v1/venues", OPERATOR);
    public static final RouteSpec VENUE_ADD = op(Method.POST, "/api/v1/venues", OPERATOR);
    public static final RouteSpec VENUE_UPDATE = op(Method.PUT, "/api/v1/venues/{code}", OPERATOR);
    public static final RouteSpec PRODUCTS = op(Method.GET, "/api/v1/products", OPERATOR);
    public static final RouteSpec PRODUCT_ADD = op(Method.POST, "/api/v1/products", OPERATOR);

    public static final RouteSpec SUMMARY = op(Method.GET, "/api/v1/summary", OPERATOR);
    public static final RouteSpec POOLS = op(Method.GET, "/api/v1/pools", OPERATOR);
    public static final RouteSpec POOL = op(Method.GET, "/api/v1/pools/{venue}", OPERATOR);
    public static final RouteSpec POOL_IMPORT = op(Method.POST, "/api/v1/pools/{venue}/import", OPERATOR);
    public static final RouteSpec HOSTNAME_RELEASE = op(Method.POST, "/api/v1/hostnames/{hostname}/release", OPERATOR);
    public static final RouteSpec HOSTNAME_RETIRE = op(Method.POST, "/api/v1/hostnames/{hostname}/retire", OPERATOR);

    public static final RouteSpec BATCHES = op(Method.GET, "/api/v1/batches", OPERATOR);
    public static final RouteSpec BATCH_CREATE = op(Method.POST, "/api/v1/batches", OPERATOR);
    public static final RouteSpec BATCH_START = op(Method.POST, "/api/v1/batches/{id}/start", OPERATOR);
    public static final RouteSpec BATCH_PAUSE = op(Method.POST, "/api/v1/batches/{id}/pause", OPERATOR);
    public static final RouteSpec BATCH_CANCEL = op(Method.POST, "/api/v1/batches/{id}/cancel", OPERATOR);
    public static final RouteSpec BATCH_PRIORITY = op(Method.PUT, "/api/v1/batches/{id}/priority", OPERATOR);
    public static final RouteSpec BATCH_MOVE = op(Method.POST, "/api/v1/batches/{id}/move", OPERATOR);
    public static final RouteSpec BATCH_BREAKER = op(Method.PUT, "/api/v1/batches/{id}/breaker", OPERATOR);
    public static final RouteSpec BATCH_EXPECTED = op(Method.GET, "/api/v1/batches/{id}/expected", OPERATOR);
    public static final RouteSpec BATCH_EXPECT = op(Method.PUT, "/api/v1/batches/{id}/expected", OPERATOR);

    public static final RouteSpec IMAGES = op(Method.GET, "/api/v1/images", OPERATOR);
    public static final RouteSpec IMAGE_REGISTER = op(Method.POST, "/api/v1/images", OPERATOR);
    public static final RouteSpec IMAGE_ACTIVATE = op(Method.POST, "/api/v1/images/activate", OPERATOR);
    public static final RouteSpec IMAGE_ROLLBACK = op(Method.POST, "/api/v1/images/rollback", OPERATOR);
    public static final RouteSpec IMAGE_BMAP = op(Method.PUT, "/api/v1/images/{product}/{version}/bmap", OPERATOR);
    public static final RouteSpec IMAGE_DELETE = op(Method.DELETE, "/api/v1/images/{product}/{version}", OPERATOR);
    public static final RouteSpec CAPTURE = op(Method.POST, "/api/v1/captures", OPERATOR);
    public static final RouteSpec REGISTRATIONS = op(Method.GET, "/api/v1/registrations", OPERATOR);

    public static final RouteSpec DEPLOYMENTS = op(Method.GET, "/api/v1/deployments", OPERATOR);
    public static final RouteSpec NOT_CONFIRMED = op(Method.GET, "/api/v1/deployments/not-confirmed", OPERATOR);
    public static final RouteSpec DEPLOYMENT = op(Method.GET, "/api/v1/deployments/{id}", OPERATOR);
    public static final RouteSpec DEPLOYMENT_HISTORY = op(Method.GET, "/api/v1/deployments/{id}/history", OPERATOR);

    public static final RouteSpec USERS = op(Method.GET, "/api/v1/users", OPERATOR);
    public static final RouteSpec USER_ADD = op(Method.POST, "/api/v1/users", OPERATOR);
    public static final RouteSpec USER_PASSWORD = op(Method.PUT, "/api/v1/users/{username}/password", OPERATOR);
    public static final RouteSpec USER_ROLE = op(Method.PUT, "/api/v1/users/{username}/role", OPERATOR);
    public static final RouteSpec USER_DELETE = op(Method.DELETE, "/api/v1/users/{username}", OPERATOR);
    public static final RouteSpec USER_TOKENS = op(Method.GET, "/api/v1/users/{username}/tokens", OPERATOR);
    public static final RouteSpec USER_TOKEN_ADD = op(Method.POST, "/api/v1/users/{username}/tokens", OPERATOR);
    public static final RouteSpec USER_TOKEN_REVOKE =
            op(Method.DELETE, "/api/v1/users/{username}/tokens/{id}", OPERATOR);
    public static final RouteSpec TOKENS = op(Method.GET, "/api/v1/tokens", OPERATOR);
    public static final RouteSpec AUDIT = op(Method.GET, "/api/v1/audit", OPERATOR);
    public static final RouteSpec REPORT = op(Method.GET, "/api/v1/reports/{name}", OPERATOR);
    public static final RouteSpec DEVICE = op(Method.GET, "/api/v1/devices/{serial}", OPERATOR);

    public static final RouteSpec PROFILES = op(Method.GET, "/api/v1/profiles", OPERATOR);
    public static final RouteSpec PROFILE = op(Method.GET, "/api/v1/profiles/{kind}/{key}", OPERATOR);
    public static final RouteSpec PROFILE_SET = op(Method.PUT, "/api/v1/profiles/{kind}/{key}", OPERATOR);
    public static final RouteSpec PROFILE_REMOVE = op(Method.DELETE, "/api/v1/profiles/{kind}/{key}", OPERATOR);
    public static final RouteSpec PROFILE_PREVIEW = op(Method.GET, "/api/v1/devices/{serial}/profile", OPERATOR);
    public static final RouteSpec DEPLOYMENT_PROFILE = op(Method.GET, "/api/v1/deployments/{id}/profile", OPERATOR);
    public static final RouteSpec HOOKS = op(Method.GET, "/api/v1/hooks", OPERATOR);
    public static final RouteSpec HOOK_VERSIONS = op(Method.GET, "/api/v1/hooks/{kind}/{key}/{name}", OPERATOR);
    public static final RouteSpec HOOK_UPLOAD = op(Method.PUT, "/api/v1/hooks/{kind}/{key}/{name}", OPERATOR);
    public static final RouteSpec HOOK_REMOVE = op(Method.DELETE, "/api/v1/hooks/{kind}/{key}/{name}", OPERATOR);
    public static final RouteSpec HOOK_DIFF = op(Method.GET, "/api/v1/hooks/{kind}/{key}/{name}/diff", OPERATOR);

    /** The dashboard's files; registered last so every API route wins. Not part of the API document. */
    public static final RouteSpec WEB = new RouteSpec(Listener.OPERATOR, Method.GET, "/*", PUBLIC, false);

    public static final List<RouteSpec> ALL = List.of(
            CONFIG,
            STATUS,
            IMAGE_GET,
            IMAGE_HEAD,
            DEVICE_HEALTH,
            HEALTH,
            METRICS,
            LOGIN,
            SESSION,
            LOGOUT,
            SYSTEM,
            EVENTS,
            LOGS,
            VENUES,
            VENUE_ADD,
            VENUE_UPDATE,
            PRODUCTS,
            PRODUCT_ADD,
            SUMMARY,
            POOLS,
            POOL,
            POOL_IMPORT,
            HOSTNAME_RELEASE,
            HOSTNAME_RETIRE,
            BATCHES,
            BATCH_CREATE,
            BATCH_START,
            BATCH_PAUSE,
            BATCH_CANCEL,
            BATCH_PRIORITY,
            BATCH_MOVE,
            BATCH_BREAKER,
            BATCH_EXPECTED,
            BATCH_EXPECT,
            IMAGES,
            IMAGE_REGISTER,
            IMAGE_ACTIVATE,
            IMAGE_ROLLBACK,
            IMAGE_BMAP,
            IMAGE_DELETE,
            CAPTURE,
            REGISTRATIONS,
            DEPLOYMENTS,
            NOT_CONFIRMED,
            DEPLOYMENT,
            DEPLOYMENT_HISTORY,
            USERS,
            USER_ADD,
            USER_PASSWORD,
            USER_ROLE,
            USER_DELETE,
            USER_TOKENS,
            USER_TOKEN_ADD,
            USER_TOKEN_REVOKE,
            TOKENS,
            AUDIT,
            REPORT,
            DEVICE,
            PROFILES,
            PROFILE,
            PROFILE_SET,
            PROFILE_REMOVE,
            PROFILE_PREVIEW,
            DEPLOYMENT_PROFILE,
            HOOKS,
            HOOK_VERSIONS,
            HOOK_UPLOAD,
            HOOK_REMOVE,
            HOOK_DIFF,
            WEB);

    /** Routes only admins may call: accounts (ADR-0043). */
    private static final Set<RouteSpec> ADMIN_ONLY = Set.of(USERS, USER_ADD, USER_ROLE, USER_DELETE);
    /**
     * Routes every logged-in account may call: logging out, one's own password, one's own API tokens (ADR-0051). The
     * handler checks whose: another account's password or tokens need admin.
     */
    private static final Set<RouteSpec> ANY_ROLE =
            Set.of(LOGOUT, USER_PASSWORD, USER_TOKENS, USER_TOKEN_ADD, USER_TOKEN_REVOKE);

    /**
     * The least role that may call a route with {@link Access#OPERATOR} (ADR-0043): admin for accounts;
     * otherwise reads ({@code GET}, {@code HEAD}) are for every role and every other method needs operator. A route
     * added later gets that rule without anyone having to remember it.
     */
    public static Role requiredRole(RouteSpec spec) {
        if (ADMIN_ONLY.contains(spec)) {
            return Role.ADMIN;
        }
        if (ANY_ROLE.contains(spec) || spec.method() == Method.GET || spec.method() == Method.HEAD) {
            return Role.VIEWER;
        }
        return Role.OPERATOR;
    }

    private static RouteSpec device(Method method, String path) {
        return new RouteSpec(Listener.DEVICE, method, path, PUBLIC, true);
    }

    private static RouteSpec op(Method method, String path, Access access) {
        return new RouteSpec(Listener.OPERATOR, method, path, access, true);
    }
}
