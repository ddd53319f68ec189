package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.pool.HeldPoolEntry;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.port.FleetStore;

/** Lists pool entries, or the counts of every pool. */
public final class ListPool {
    private final FleetStore store;

    public ListPool(FleetStore store) {
        this.store = store;
    }

    /** Entries matching the filter, ordered by venue, product, number. */
    public List<PoolEntry> list(PoolFilter filter) {
        return store.read(tx -> tx.pool().list(filter));
    }

    /**
     * Like {@link #list} but with the device holding each assigned entry, read in the same transaction so an entry and
     * its holder agree. One lookup by primary key per assigned entry: a venue's pool is hundreds, not millions.
     */
    public List<HeldPoolEntry> listWithHolders(PoolFilter filter) {
        return store.read(tx -> tx.pool().list(filter).stream()
                .map(e -> new HeldPoolEntry(
                        e, e.holder().isPresent() ? tx.devices().find(e.holder().getAsLong()) : Optional.empty()))
                .toList());
    }

    /** Counts per venue and product for every pool that has entries. */
    public List<PoolCounts> counts() {
        return store.read(tx -> tx.pool().allCounts());
    }
}
