package pideploy.deploy.core.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * One uploaded version of a hook; versions of one hook count up from 1 and are never changed.
 *
 * @param owner     the product or venue whose devices run it
 * @param name      the hook's name within its owner
 * @param version   1, 2, 3... in upload order
 * @param script    the text
 * @param author    who uploaded it (the operator's name)
 * @param createdAt when
 */
public record HookVersion(
        ProfileScope owner, HookName name, int version, HookScript script, String author, Instant createdAt) {
    public HookVersion {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
        if (version < 1) {
            throw new IllegalArgumentException("hook version must be 1 or more, got " + version);
        }
        requireOwner(owner);
    }

    /** Refuses an owner other than a product or a venue: hooks belong to what many devices share. */
    public static ProfileScope requireOwner(ProfileScope owner) {
        if (!(owner instanceof ProfileScope.Product || owner instanceof ProfileScope.Venue)) {
            throw new IllegalArgumentException(
                    "hooks belong to a product or a venue, not to %s".formatted(owner.describe()));
        }
        return owner;
    }

    /** {@code venue CORO camera-app v3}, for messages and the recorded profile. */
    public String describe() {
        return "%s %s v%d".formatted(owner.describe(), name, version);
    }
}
