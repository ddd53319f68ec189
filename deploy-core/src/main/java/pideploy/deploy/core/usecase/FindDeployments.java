package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.deployment.DeploymentPage;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.port.FleetStore;

/** Deployment queries for operators: filtered pages, and one deployment with its history. */
public final class FindDeployments {
    /** The most deployments one device page lists: a Pi written a thousand times is a test rig, not a kart. */
    public static final int DEVICE_LIMIT = DeploymentFilter.MAX_LIMIT;

    private final FleetStore store;

    public FindDeployments(FleetStore store) {
        this.store = store;
    }

    /** Deployments matching the filter, newest first, one page and the total. */
    public DeploymentPage find(DeploymentFilter filter) {
        return store.read(tx -> tx.deployments().find(filter));
    }

    /** One deployment and its event history (oldest first), if it exists. */
    public Optional<DeploymentHistory> history(DeploymentId id) {
        return store.read(tx -> tx.deployments()
                .find(id)
                .map(d -> new DeploymentHistory(d, tx.deployments().history(id))));
    }

    /** The device with this serial and its deployments, in one snapshot; empty if the server never saw it. */
    public Optional<DeviceDeployments> device(SerialNumber serial) {
        return store.read(tx -> {
            Optional<Device> device = tx.devices().findBySerial(serial);
            var deployments = tx.deployments()
                    .find(DeploymentFilter.all(DEVICE_LIMIT).withSerial(serial))
                    .items();
            return device.isEmpty() && deployments.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new DeviceDeployments(serial, device, deployments));
        });
    }
}
