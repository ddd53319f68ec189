package pideploy.deploy.core.port;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * Runs several works in one serialised read-write transaction (group commit, ADR-0053), in list order, each
     * isolated from the others' failures: a work that throws a {@link RuntimeException} is undone alone (its exception
     * is its outcome) and the next one runs; everything the others changed is committed together before this
     * returns, so each {@link GroupOutcome.Done} is as durable as a {@link #write} that returned. When the transaction
     * itself fails (begin, commit, a broken connection), nothing of the group is committed and this throws
     * {@link StorageException}; a store that cannot tell whether a work's failure spoilt the transaction treats it
     * so. An {@link Error} thrown by a work ends the whole group the same way.
     *
     * <p>The default runs each work in its own {@link #write}: correct, only without the shared commit.
     *
     * @return one outcome per work, in the same order
     */
    default <T> List<GroupOutcome<T>> writeGroup(List<? extends Function<FleetTransaction, ? extends T>> works) {
        List<GroupOutcome<T>> outcomes = new ArrayList<>(works.size());
        for (Function<FleetTransaction, ? extends T> work : works) {
            try {
                outcomes.add(new GroupOutcome.Done<>(write(work::apply)));
            } catch (RuntimeException e) {
                outcomes.add(new GroupOutcome.Failed<>(e));
            }
        }
        return outcomes;
    }

    /** Runs {@code work} on a consistent read-only view and returns its result. */
    <T> T read(Function<FleetTransaction, T> work);

    /** Checks the store is reachable; throws {@link StorageException} if not. For health checks. */
    void ping();
}
