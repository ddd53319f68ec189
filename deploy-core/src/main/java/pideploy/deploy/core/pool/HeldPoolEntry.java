package pideploy.deploy.core.pool;

import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.device.Device;

/**
 * A pool entry with the device that holds it, for lists an operator reads (who has this hostname?).
 *
 * @param entry  the pool entry
 * @param holder the device holding it; present when the entry is assigned (and its device is still recorded)
 */
public record HeldPoolEntry(PoolEntry entry, Optional<Device> holder) {
    public HeldPoolEntry {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(holder, "holder");
    }
}
