package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.hostname.Hostname;

/** Outcome of {@link RetireHostname}. */
public sealed interface HostnameRetirement {
    /** The pool entry will never be handed out again; its holder, if any, was detached. */
    record Retired(Hostname hostname, Optional<DeviceIdentity> formerHolder) implements HostnameRetirement {}

    record AlreadyRetired(Hostname hostname) implements HostnameRetirement {
        public String message() {
            return "hostname %s is retired already".formatted(hostname);
        }
    }

    /** Only pool hostnames can be retired. */
    record NotInPool(Hostname hostname) implements HostnameRetirement {
        public String message() {
            return "hostname %s is not in any pool; only pool hostnames can be retired".formatted(hostname);
        }
    }
}
