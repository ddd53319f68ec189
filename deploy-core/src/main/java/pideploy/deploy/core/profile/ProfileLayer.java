package pideploy.deploy.core.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored layer.
 *
 * @param scope     whose it is
 * @param settings  what it sets
 * @param updatedAt when it was last set
 */
public record ProfileLayer(ProfileScope scope, ProfileSettings settings, Instant updatedAt) {
    public ProfileLayer {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
