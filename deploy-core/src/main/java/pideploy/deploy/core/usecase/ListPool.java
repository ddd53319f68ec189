package pideploy.deploy.core.usecase;

import java.util.List;
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

    /** Counts per venue and product for every pool that has entries. */
    public List<PoolCounts> counts() {
        return store.read(tx -> tx.pool().allCounts());
    }
}
