package pideploy.deploy.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.profile.HookName;
import pideploy.deploy.core.profile.HookScript;
import pideploy.deploy.core.profile.HookVersion;
import pideploy.deploy.core.profile.ProfileScope;

/** Versions of operator hooks (ADR-0094). Used inside a {@link FleetStore} transaction; versions never change. */
public interface HookRepository {
    /** Stores {@code script} as the next version of {@code owner}'s hook {@code name} (1 for a new hook). */
    HookVersion add(ProfileScope owner, HookName name, HookScript script, String author, Instant now);

    /** Every version of the hook, oldest first; empty when there is no such hook. */
    List<HookVersion> versions(ProfileScope owner, HookName name);

    /** One version, if it exists. */
    Optional<HookVersion> find(ProfileScope owner, HookName name, int version);

    /** The latest version of every hook of the given owners, in the order of {@code owners}, then by name. */
    List<HookVersion> latest(List<ProfileScope> owners);

    /** The latest version of every hook, by owner kind, owner key and name; empty list when none. */
    List<HookVersion> list();

    /** Removes the hook with all its versions; false when there was none. */
    boolean remove(ProfileScope owner, HookName name);
}
