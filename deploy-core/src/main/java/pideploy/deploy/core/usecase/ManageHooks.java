package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.profile.HookChange;
import pideploy.deploy.core.profile.HookDiff;
import pideploy.deploy.core.profile.HookName;
import pideploy.deploy.core.profile.HookScript;
import pideploy.deploy.core.profile.HookVersion;
import pideploy.deploy.core.profile.ProfileScope;

/**
 * Uploads, lists, diffs and removes operator hooks (ADR-0094). Every upload of a changed text is a new version; the
 * latest version of each hook of a device's product and venue goes out with its profile.
 */
public final class ManageHooks {
    private static final System.Logger LOG = System.getLogger(ManageHooks.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public ManageHooks(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Stores {@code script} as the next version of {@code owner}'s hook {@code name}, unless it is the latest text.
     *
     * @throws IllegalArgumentException when {@code owner} is not a product or a venue
     */
    public HookChange upload(ProfileScope owner, HookName name, HookScript script, String author) {
        HookVersion.requireOwner(owner);
        HookChange change = store.write(tx -> {
            boolean exists = switch (owner) {
                case ProfileScope.Product p -> tx.products().find(p.code()).isPresent();
                case ProfileScope.Venue v -> tx.venues().find(v.code()).isPresent();
                default -> false;
            };
            if (!exists) {
                return new HookChange.OwnerNotFound(owner);
            }
            List<HookVersion> versions = tx.hooks().versions(owner, name);
            if (!versions.isEmpty() && versions.getLast().script().equals(script)) {
                return new HookChange.Unchanged(versions.getLast());
            }
            return new HookChange.Saved(tx.hooks().add(owner, name, script, author, clock.instant()));
        });
        switch (change) {
            case HookChange.Saved s ->
                LOG.log(
                        Level.INFO,
                        "hook {0} uploaded by {1} (sha256 {2})",
                        s.version().describe(),
                        author,
                        script.sha256());
            case HookChange.Unchanged u ->
                LOG.log(
                        Level.INFO,
                        "hook {0} uploaded again unchanged by {1}",
                        u.latest().describe(),
                        author);
            case HookChange.OwnerNotFound n -> LOG.log(Level.WARNING, "hook refused: {0}", n.message());
        }
        return change;
    }

    /** The latest version of every hook. */
    public List<HookVersion> list() {
        return store.read(tx -> tx.hooks().list());
    }

    /** Every version of one hook, oldest first; empty when there is no such hook. */
    public List<HookVersion> versions(ProfileScope owner, HookName name) {
        return store.read(tx -> tx.hooks().versions(owner, name));
    }

    /** One version. */
    public Optional<HookVersion> find(ProfileScope owner, HookName name, int version) {
        return store.read(tx -> tx.hooks().find(owner, name, version));
    }

    /** The diff from version {@code from} to version {@code to}; empty when either does not exist. */
    public Optional<List<String>> diff(ProfileScope owner, HookName name, int from, int to) {
        return store.read(tx -> tx.hooks()
                .find(owner, name, from)
                .flatMap(a -> tx.hooks().find(owner, name, to).map(b -> HookDiff.lines(a.script(), b.script()))));
    }

    /** Removes the hook with all its versions; false when there was none. */
    public boolean remove(ProfileScope owner, HookName name) {
        boolean removed = store.write(tx -> tx.hooks().remove(owner, name));
        if (removed) {
            LOG.log(Level.INFO, "hook {0} {1} removed", owner.describe(), name);
        }
        return removed;
    }
}
