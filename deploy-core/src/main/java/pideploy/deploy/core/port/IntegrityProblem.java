package pideploy.deploy.core.port;

import java.util.Objects;

/**
 * One thing {@link FleetIntegrity#check()} found wrong.
 *
 * @param check  which invariant or storage check failed (one of the constants, or an adapter's own such as
 *               {@code integrity} and {@code foreign-key})
 * @param detail what is wrong, naming the hostname, device or table
 */
public record IntegrityProblem(String check, String detail) {
    public static final String HOSTNAME_HELD_TWICE = "hostname-held-twice";
    public static final String POOL_HOLDER = "pool-holder";
    public static final String UNPOOLED_HOLDER = "unpooled-holder";
    public static final String ASSIGNED_WITHOUT_DEPLOYMENT = "assigned-without-deployment";

    public IntegrityProblem {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return check + ": " + detail;
    }
}
