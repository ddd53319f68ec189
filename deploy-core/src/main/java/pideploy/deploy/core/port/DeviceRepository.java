package pideploy.deploy.core.port;

import java.time.Instant;
import java.util.Optional;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;

/**
 * Devices seen by the server and the hostname each holds. Serials are unique; a hostname is held by at most one
 * device. Used inside a {@link FleetStore} transaction.
 */
public interface DeviceRepository {
    /** Adds a device without hostname, first and last seen {@code now}, and returns it with its new id.
     *  @throws DuplicateKeyException if a device with that serial exists */
    Device add(DeviceIdentity identity, Instant now);

    /** Replaces the device with the same id.
     *  @throws DuplicateKeyException if its hostname is held by another device, or its serial belongs to another
     *  @throws StorageException if there is no such device */
    void update(Device device);

    Optional<Device> find(long id);

    Optional<Device> findBySerial(SerialNumber serial);

    /** The most recently seen device with this MAC, if any. */
    Optional<Device> findByMac(MacAddress mac);

    Optional<Device> findByHostname(Hostname hostname);
}
