package pideploy.deploy.core.port;

import java.util.Objects;

/**
 * What became of one work of a {@link FleetStore#writeGroup}: its result, committed with the rest of the group, or
 * the exception it threw, after which nothing it wrote was kept.
 */
public sealed interface GroupOutcome<T> {
    /** The work returned {@code value}; its changes are committed. */
    record Done<T>(T value) implements GroupOutcome<T> {}

    /** The work threw {@code error}; its changes were undone, the rest of the group's were not. */
    record Failed<T>(RuntimeException error) implements GroupOutcome<T> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
