package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.SerialNumber;

/**
 * One Pi by serial: the device record (with the hostname it holds now, if any) and its deployments, newest first.
 *
 * @param serial      the serial asked for
 * @param device      the device record, absent if it never got past a refused config request
 * @param deployments every deployment of that serial, newest first (at most {@link FindDeployments#DEVICE_LIMIT})
 */
public record DeviceDeployments(SerialNumber serial, Optional<Device> device, List<Deployment> deployments) {
    public DeviceDeployments {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(device, "device");
        deployments = List.copyOf(deployments);
    }
}
