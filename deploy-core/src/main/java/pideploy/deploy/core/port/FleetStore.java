package pideploy.deploy.core.port;

import java.util.function.Function;

/**
 * Transactions over the fleet's repositories. The core runs each use case's whole decision inside one
 * {@link #write} call, so an assignment (device lookup, batch choice, pool pick, batch decrement, deployment
 * record) is atomic whatever the concurrency.
 *
 * <p>Contract: {@code write} runs {@code work} serialised with every other {@code write} on the same data, across
 * threads and (for a database) across processes; everything {@code work} changed is committed when it returns, and
 * nothing is when it throws (the exception propagates unchanged). Writes wait for a busy store for a bounded time and
 * then throw {@link StorageException}. {@code read} sees a consistent committed snapshot and must not be used to
 * write. The {@link FleetTransaction} and its repositories are valid only inside the call. Nested calls are not
 * supported. Implementations are thread-safe.
 */
public interface FleetStore {
    /** Runs {@code work} in one serialised read-write transaction and returns its result. */
    <T> T write(Function<FleetTransaction, T> work);

    /** Runs {@code work} on a consistent read-only view and returns its result. */
    <T> T read(Function<FleetTransaction, T> work);

    /** Checks the store is reachable; throws {@link StorageException} if not. For health checks. */
    void ping();
}
