package pideploy.deploy.core.port;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Hostname pool entries, keyed by venue, product and number; hostnames are unique. Used inside a
 * {@link FleetStore} transaction.
 */
public interface PoolRepository {
    /**
     * Adds the entry unless an entry with the same venue, product and number, or the same hostname, exists.
     * @return true if added, false if skipped
     */
    boolean addIfAbsent(PoolEntry entry);

    /** Replaces the entry with the same venue, product and number (state, holder, assigned time).
     *  @throws DuplicateKeyException if that would give one device two assigned entries
     *  @throws StorageException if there is no such entry */
    void update(PoolEntry entry);

    /** The available entry with the lowest number (numeric order: 999 before 1000), if any. */
    Optional<PoolEntry> lowestAvailable(VenueCode venue, ProductCode product);

    Optional<PoolEntry> findByHostname(Hostname hostname);

    /** The entry assigned to the device with this id, if any (at most one exists). */
    Optional<PoolEntry> findByHolder(long deviceId);

    /** Entries matching the filter, ordered by venue, product, number. */
    List<PoolEntry> list(PoolFilter filter);

    /** Counts of one pool; all zero when it has no entries. */
    PoolCounts counts(VenueCode venue, ProductCode product);

    /** Counts of every pool that has entries, ordered by venue then product. */
    List<PoolCounts> allCounts();
}
