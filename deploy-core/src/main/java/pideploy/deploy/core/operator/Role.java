package pideploy.deploy.core.operator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an operator account may do (ADR-0043). Each role includes the ones below it: {@link #ADMIN} everything,
 * including accounts and API tokens; {@link #OPERATOR} venues, pools, batches, images and deployments;
 * {@link #VIEWER} reads only (the dashboard).
 */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** True if this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The name on the wire, in the database and on the command line: {@code admin}, {@code operator}, {@code viewer}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} (any case); IllegalArgumentException naming the allowed values otherwise. */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be one of %s, got '%s'"
                .formatted(Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", ")), text));
    }
}
