package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.util.Optional;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.port.FleetStore;

/** An operator retires a pool hostname for good (a broken kart number); its holder is detached. */
public final class RetireHostname {
    private static final System.Logger LOG = System.getLogger(RetireHostname.class.getName());
    private final FleetStore store;

    public RetireHostname(FleetStore store) {
        this.store = store;
    }

    public HostnameRetirement retire(Hostname hostname) {
        HostnameRetirement outcome = store.write(tx -> {
            Optional<PoolEntry> entry = tx.pool().findByHostname(hostname);
            if (entry.isEmpty()) {
                return new HostnameRetirement.NotInPool(hostname);
            }
            if (entry.get().state() == PoolEntryState.RETIRED) {
                return new HostnameRetirement.AlreadyRetired(hostname);
            }
            Optional<Device> holder = tx.devices().findByHostname(hostname);
            holder.ifPresent(d -> tx.devices().update(d.detached()));
            tx.pool().update(entry.get().retired());
            return new HostnameRetirement.Retired(hostname, holder.map(Device::identity));
        });
        if (outcome instanceof HostnameRetirement.Retired r) {
            LOG.log(
                    Level.INFO,
                    "hostname {0} retired (holder: {1})",
                    hostname,
                    ReleaseHostname.describe(r.formerHolder()));
        }
        return outcome;
    }
}
