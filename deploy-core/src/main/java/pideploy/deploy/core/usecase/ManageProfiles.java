package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.profile.DeviceFacts;
import pideploy.deploy.core.profile.DeviceProfile;
import pideploy.deploy.core.profile.ProfileChange;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.ProfileText;
import pideploy.deploy.core.profile.StaticIpv4;

/**
 * Sets, reads, removes and previews profile layers (ADR-0061). A product, venue or batch layer needs its owner to
 * exist; a device layer is keyed by serial and may be set before the device was ever seen.
 */
public final class ManageProfiles {
    private static final System.Logger LOG = System.getLogger(ManageProfiles.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public ManageProfiles(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Replaces the layer of {@code scope} with {@code settings}.
     *
     * @throws IllegalArgumentException when the scope may not carry a setting (a static address off a device)
     */
    public ProfileChange set(ProfileScope scope, ProfileSettings settings) {
        scope.admit(settings);
        ProfileChange change = store.write(tx -> {
            Optional<ProfileChange> missing = missingOwner(tx, scope);
            if (missing.isPresent()) {
                return missing.get();
            }
            if (scope instanceof ProfileScope.Device device
                    && settings.staticIpv4().isPresent()) {
                StaticIpv4 ip = settings.staticIpv4().get();
                Optional<ProfileScope.Device> holder =
                        tx.profiles().holderOf(ip.address()).filter(h -> !h.equals(device));
                if (holder.isPresent()) {
                    return new ProfileChange.AddressTaken(ip.address(), holder.get(), device);
                }
            }
            try {
                tx.profiles().put(scope, settings, clock.instant());
            } catch (DuplicateKeyException e) {
                // Only a writer outside this process can get here between the check and the put.
                return new ProfileChange.AddressTaken(
                        settings.staticIpv4().orElseThrow().address(),
                        tx.profiles()
                                .holderOf(settings.staticIpv4().get().address())
                                .orElseThrow(),
                        (ProfileScope.Device) scope);
            }
            return new ProfileChange.Saved(tx.profiles().find(scope).orElseThrow());
        });
        switch (change) {
            case ProfileChange.Saved s ->
                LOG.log(
                        Level.INFO,
                        "profile of {0} set ({1} settings)",
                        scope.describe(),
                        ProfileText.lineCount(s.layer().settings()));
            case ProfileChange.AddressTaken t ->
                LOG.log(Level.WARNING, "profile of {0} refused: {1}", scope.describe(), t.message());
            case ProfileChange.OwnerNotFound n ->
                LOG.log(Level.WARNING, "profile of {0} refused: {1}", scope.describe(), n.message());
        }
        return change;
    }

    private static Optional<ProfileChange> missingOwner(FleetTransaction tx, ProfileScope scope) {
        boolean exists = switch (scope) {
            case ProfileScope.Product p -> tx.products().find(p.code()).isPresent();
            case ProfileScope.Venue v -> tx.venues().find(v.code()).isPresent();
            case ProfileScope.Batch b -> tx.batches().find(b.id()).isPresent();
            case ProfileScope.Device d -> true;
        };
        return exists ? Optional.empty() : Optional.of(new ProfileChange.OwnerNotFound(scope));
    }

    public Optional<ProfileLayer> find(ProfileScope scope) {
        return store.read(tx -> tx.profiles().find(scope));
    }

    /** Removes the layer of {@code scope}; false when it had none. */
    public boolean remove(ProfileScope scope) {
        boolean removed = store.write(tx -> tx.profiles().remove(scope));
        if (removed) {
            LOG.log(Level.INFO, "profile of {0} removed", scope.describe());
        }
        return removed;
    }

    /** Every layer, by kind then key. */
    public List<ProfileLayer> list() {
        return store.read(tx -> tx.profiles().list());
    }

    /**
     * What the device with {@code serial} would get if it asked now: its held hostname's product and venue, the
     * given batch's layer if any. Empty when the device holds no hostname.
     */
    public Optional<DeviceProfile> preview(SerialNumber serial, Optional<BatchId> batch) {
        return store.read(tx -> tx.devices()
                .findBySerial(serial)
                .flatMap(Device::hostname)
                .map(h -> {
                    DeviceFacts facts = new DeviceFacts(
                            h,
                            pideploy.deploy.core.product.ProductCode.of(
                                    h.value().substring(0, h.value().indexOf('-'))),
                            pideploy.deploy.core.venue.VenueCode.of(h.value().split("-", 3)[1]),
                            Optional.of(serial),
                            Optional.empty());
                    return DeviceProfiles.merge(tx, facts, batch)
                            .orElseGet(() -> DeviceProfile.merge(List.of(), facts))
                            .withHooks(DeviceProfiles.hooks(tx, facts));
                }));
    }

    /** The merged profile for {@code facts}, for a device not seen yet; an empty profile when no layer applies. */
    public DeviceProfile preview(DeviceFacts facts, Optional<BatchId> batch) {
        return store.read(tx -> DeviceProfiles.merge(tx, facts, batch)
                .orElseGet(() -> DeviceProfile.merge(List.of(), facts))
                .withHooks(DeviceProfiles.hooks(tx, facts)));
    }

    /** What took effect on {@code deployment}'s device, as its booted report said, if it said. */
    public Optional<String> booted(DeploymentId deployment) {
        return store.read(tx -> tx.profiles().booted(deployment));
    }

    /** What {@code deployment} was given (redacted), if it was given a profile. */
    public Optional<String> applied(DeploymentId deployment) {
        return store.read(tx -> tx.profiles().applied(deployment));
    }
}
