package pideploy.deploy.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.profile.Ipv4Address;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;

/**
 * Profile layers (ADR-0061) and the profile each deployment was given. Used inside a {@link FleetStore}
 * transaction. An adapter stores the secrets of a layer sealed (ADR-0093) and gives them back opened; the recorded
 * profiles are redacted.
 */
public interface ProfileRepository {
    /**
     * Sets the layer of {@code scope}, replacing any it had.
     *
     * @throws DuplicateKeyException when another device's layer has the same static address
     */
    void put(ProfileScope scope, ProfileSettings settings, Instant now);

    /** The layer of {@code scope}, if one was set. */
    Optional<ProfileLayer> find(ProfileScope scope);

    /** Removes the layer of {@code scope}; false when it had none. */
    boolean remove(ProfileScope scope);

    /**
     * The layers among {@code scopes} that exist, in the order of {@code scopes}; empty when none. One lookup for the
     * config answer's hot path.
     */
    List<ProfileLayer> layers(List<ProfileScope> scopes);

    /** Every layer, by kind then key; empty list when none. */
    List<ProfileLayer> list();

    /** The device whose layer has {@code address} as its static address, if any. */
    Optional<ProfileScope.Device> holderOf(Ipv4Address address);

    /** Records what {@code deployment} was given (redacted text, {@code DeviceProfile.redacted()}). */
    void recordApplied(DeploymentId deployment, String redacted);

    /** What {@code deployment} was given, if it was given a profile. */
    Optional<String> applied(DeploymentId deployment);

    /** Records what took effect on {@code deployment}'s device ({@code BootReport.lines()}), replacing any. */
    void recordBooted(DeploymentId deployment, String lines);

    /** What took effect, if the device reported it (protocol 4). */
    Optional<String> booted(DeploymentId deployment);
}
