package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.hostname.Hostname;

/** Outcome of {@link ReleaseHostname}. */
public sealed interface HostnameRelease {
    /** The hostname is free again (pool entries return to the pool); its former holder, if any, was detached. */
    record Released(Hostname hostname, Optional<DeviceIdentity> formerHolder) implements HostnameRelease {}

    /** Nothing holds this hostname and no pool entry has it. */
    record NotFound(Hostname hostname) implements HostnameRelease {
        public String message() {
            return "hostname %s is neither in a pool nor held by a device".formatted(hostname);
        }
    }

    /** The pool entry is retired; retired hostnames never come back. */
    record Retired(Hostname hostname) implements HostnameRelease {
        public String message() {
            return "hostname %s is retired and cannot be released".formatted(hostname);
        }
    }
}
