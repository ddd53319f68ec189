package pideploy.deploy.core.usecase;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.profile.DeviceFacts;
import pideploy.deploy.core.profile.DeviceProfile;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;

/** Merges the layers that apply to a device, in the order of ADR-0061: product, venue, batch, device. */
final class DeviceProfiles {
    private DeviceProfiles() {}

    /** The scopes whose layers apply to {@code facts}' device, lowest first. */
    static List<ProfileScope> scopes(DeviceFacts facts, Optional<pideploy.deploy.core.batch.BatchId> batch) {
        List<ProfileScope> scopes = new ArrayList<>(4);
        scopes.add(new ProfileScope.Product(facts.product()));
        scopes.add(new ProfileScope.Venue(facts.venue()));
        batch.ifPresent(b -> scopes.add(new ProfileScope.Batch(b)));
        facts.serial().ifPresent(s -> scopes.add(new ProfileScope.Device(s)));
        return scopes;
    }

    /** The latest version of each hook of the device's product, then its venue (ADR-0094). */
    static List<pideploy.deploy.core.profile.HookVersion> hooks(FleetTransaction tx, DeviceFacts facts) {
        return tx.hooks()
                .latest(List.of(new ProfileScope.Product(facts.product()), new ProfileScope.Venue(facts.venue())));
    }

    /** The merged profile of {@code facts}' device; empty when no layer applies. */
    static Optional<DeviceProfile> merge(
            FleetTransaction tx, DeviceFacts facts, Optional<pideploy.deploy.core.batch.BatchId> batch) {
        List<ProfileLayer> layers = tx.profiles().layers(scopes(facts, batch));
        return layers.isEmpty() ? Optional.empty() : Optional.of(DeviceProfile.merge(layers, facts));
    }

    /**
     * The profile {@code deployment} gets, recorded with it (redacted) in the same transaction, so what the device
     * was told and what the server says it was told are one thing.
     */
    static Optional<DeviceProfile> forDeployment(FleetTransaction tx, Deployment deployment, boolean withHooks) {
        DeviceFacts facts = new DeviceFacts(
                deployment.hostname(),
                deployment.product(),
                deployment.venue(),
                deployment.serial(),
                Optional.of(deployment.id()));
        Optional<DeviceProfile> profile = merge(tx, facts, deployment.batch());
        if (withHooks) {
            List<pideploy.deploy.core.profile.HookVersion> hooks = hooks(tx, facts);
            if (!hooks.isEmpty()) {
                profile = Optional.of(profile.orElseGet(() -> DeviceProfile.merge(List.of(), facts))
                        .withHooks(hooks));
            }
        }
        profile.ifPresent(p -> tx.profiles().recordApplied(deployment.id(), p.redacted()));
        return profile;
    }
}
