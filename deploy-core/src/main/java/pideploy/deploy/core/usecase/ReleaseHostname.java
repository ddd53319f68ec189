package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.util.Optional;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.port.FleetStore;

/**
 * An operator releases a hostname: a pool entry goes back to the pool, and the device holding it is detached,
 * so its next config request gets a new hostname.
 */
public final class ReleaseHostname {
    private static final System.Logger LOG = System.getLogger(ReleaseHostname.class.getName());
    private final FleetStore store;

    public ReleaseHostname(FleetStore store) {
        this.store = store;
    }

    public HostnameRelease release(Hostname hostname) {
        HostnameRelease outcome = store.write(tx -> {
            Optional<PoolEntry> entry = tx.pool().findByHostname(hostname);
            if (entry.isPresent() && entry.get().state() == PoolEntryState.RETIRED) {
                return new HostnameRelease.Retired(hostname);
            }
            Optional<Device> holder = tx.devices().findByHostname(hostname);
            if (entry.isEmpty() && holder.isEmpty()) {
                return new HostnameRelease.NotFound(hostname);
            }
            holder.ifPresent(d -> tx.devices().update(d.detached()));
            entry.filter(e -> e.state() == PoolEntryState.ASSIGNED)
                    .ifPresent(e -> tx.pool().update(e.released()));
            return new HostnameRelease.Released(hostname, holder.map(Device::identity));
        });
        if (outcome instanceof HostnameRelease.Released r) {
            LOG.log(
                    Level.INFO,
                    "hostname {0} released{1}",
                    hostname,
                    r.formerHolder().map(h -> " from device " + h.describe()).orElse(""));
        }
        return outcome;
    }

    static String describe(Optional<DeviceIdentity> holder) {
        return holder.map(DeviceIdentity::describe).orElse("none");
    }
}
