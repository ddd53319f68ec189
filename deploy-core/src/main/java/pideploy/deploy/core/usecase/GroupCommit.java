package pideploy.deploy.core.usecase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.GroupOutcome;
import pideploy.deploy.core.port.StorageException;

/**
 * Group commit (ADR-0053): writes that arrive together share one transaction of the store, so a boot storm pays one
 * commit for many assignments instead of one each. Callers queue their work and wait; a single writer thread takes
 * everything queued (up to {@link #MAX_GROUP}), runs it through {@link FleetStore#writeGroup} and only then wakes
 * each caller with its own outcome, so an answer is never sent before its commit returned. Nothing waits to fill a
 * group: a lone request runs at once, and the requests that arrive while a commit is under way form the next group.
 *
 * <p>The writer is a platform thread (the SQLite driver is native code and would pin a virtual thread's carrier)
 * started when work arrives and ended when the queue is empty, so an idle core holds no thread and needs no closing.
 */
final class GroupCommit {
    /** Bounds how long one group holds the write lock and how much a failed commit takes down with it. */
    static final int MAX_GROUP = 128;

    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

    private final FleetStore store;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    GroupCommit(FleetStore store) {
        this.store = store;
    }

    /**
     * Runs {@code work} in the next group and returns its result once the group committed; throws what the work
     * threw (nothing it wrote is kept), or the store's failure when the group's transaction failed.
     */
    <T> T write(Function<FleetTransaction, T> work) {
        Pending<T> pending = new Pending<>(work);
        queue.add(pending);
        startWriterIfIdle();
        GroupOutcome<T> outcome = pending.done.join(); // uninterruptible: the work may already be committed
        return switch (outcome) {
            case GroupOutcome.Done<T> d -> d.value();
            case GroupOutcome.Failed<T> f -> throw f.error();
        };
    }

    /** How many writes wait for the next group; for tests that build a group on purpose. */
    int queued() {
        return queue.size();
    }

    private void startWriterIfIdle() {
        if (writing.compareAndSet(false, true)) {
            try {
                Thread.ofPlatform().daemon().name("group-commit").start(this::drain);
            } catch (OutOfMemoryError | RuntimeException e) {
                // No thread to be had: this caller writes the queue itself rather than leave it waiting for ever.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "group-commit writer not started ({0}); writing on {1}",
                        e.toString(),
                        Thread.currentThread().getName());
                drain();
            }
        }
    }

    private void drain() {
        while (true) {
            List<Pending<?>> group = new ArrayList<>();
            for (Pending<?> p; group.size() < MAX_GROUP && (p = queue.poll()) != null; ) {
                group.add(p);
            }
            if (!group.isEmpty()) {
                commit(group);
                continue;
            }
            writing.set(false);
            // Work queued after the poll above but before the flag dropped found the writer busy: take it on.
            if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                return;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void commit(List<Pending<?>> group) {
        List<Function<FleetTransaction, Object>> works = new ArrayList<>(group.size());
        for (Pending<?> p : group) {
            works.add((Function<FleetTransaction, Object>) p.work);
        }
        List<GroupOutcome<Object>> outcomes;
        try {
            outcomes = store.writeGroup(works);
        } catch (RuntimeException e) {
            failAll(group, e);
            return;
        } catch (Error e) {
            // The writer must live on (callers queue behind it); the group's callers see the failure.
            failAll(group, new StorageException("the group's transaction failed: " + e, e));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            ((Pending) group.get(i)).done.complete(outcomes.get(i));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void failAll(List<Pending<?>> group, RuntimeException e) {
        LOG.log(
                System.Logger.Level.WARNING,
                "a group of {0} writes failed, none committed: {1}",
                group.size(),
                e.toString());
        for (Pending<?> p : group) {
            ((Pending) p).done.complete(new GroupOutcome.Failed<>(e));
        }
    }

    private static final class Pending<T> {
        final Function<FleetTransaction, T> work;
        final CompletableFuture<GroupOutcome<T>> done = new CompletableFuture<>();

        Pending(Function<FleetTransaction, T> work) {
            this.work = work;
        }
    }
}
