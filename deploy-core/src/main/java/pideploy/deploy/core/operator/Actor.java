package pideploy.deploy.core.operator;

import java.util.Objects;

/**
 * Who performs an operator use case, as its audit entry names them (ADR-0100).
 *
 * @param name  the audit actor: an operator's username, or {@code cli:<os user>} for the admin command line
 * @param role  what the actor may do now
 * @param where where the action came from, for the audit entry: a client address, or "the command line"
 */
public record Actor(String name, Role role, String where) {
    /** The role of the admin command line: whoever can open the data directory can do everything anyway. */
    public static Actor commandLine(String osUser) {
        return new Actor("cli:" + osUser, Role.ADMIN, "the command line");
    }

    public Actor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("actor name is required");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(where, "where");
    }

    /** True when the actor is the operator account {@code username} itself. */
    public boolean is(String username) {
        return name.equals(username);
    }

    /** The audit detail: where it came from, then {@code detail} if any. */
    public String detail(String detail) {
        return "from " + where + (detail.isEmpty() ? "" : "; " + detail);
    }
}
