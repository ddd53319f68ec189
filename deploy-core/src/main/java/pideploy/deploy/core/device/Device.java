package pideploy.deploy.core.device;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.hostname.Hostname;

/**
 * A device the server has seen, and the hostname it holds (if any). A device holds at most one hostname;
 * an operator release detaches it, so its next request gets a new one.
 *
 * @param id        store-assigned id
 * @param serial    serial number, if known
 * @param mac       last MAC address seen, if known
 * @param hostname  the hostname it holds
 * @param firstSeen when it first asked
 * @param lastSeen  when it last asked
 */
public record Device(
        long id,
        Optional<SerialNumber> serial,
        Optional<MacAddress> mac,
        Optional<Hostname> hostname,
        Instant firstSeen,
        Instant lastSeen) {
    public Device {
        if (id <= 0) {
            throw new IllegalArgumentException("device id must be positive, got " + id);
        }
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    public DeviceIdentity identity() {
        return new DeviceIdentity(serial, mac);
    }

    public Device holding(Hostname newHostname, Instant now) {
        return new Device(id, serial, mac, Optional.of(newHostname), firstSeen, now);
    }

    public Device detached() {
        return new Device(id, serial, mac, Optional.empty(), firstSeen, lastSeen);
    }

    /** Records what the device sent this time: a serial learnt later, a new MAC, the time. */
    public Device seen(DeviceIdentity identity, Instant now) {
        return new Device(id, serial.or(identity::serial), identity.mac().or(() -> mac), hostname, firstSeen, now);
    }
}
