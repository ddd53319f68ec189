package pideploy.deploy.core.profile;

/** Outcome of uploading a hook. Suggested: Saved 201, Unchanged 200, OwnerNotFound 404. */
public sealed interface HookChange {
    /** A new version was stored. */
    record Saved(HookVersion version) implements HookChange {}

    /** The text is the latest version's already: no new version. */
    record Unchanged(HookVersion latest) implements HookChange {}

    /** The product or venue does not exist. */
    record OwnerNotFound(ProfileScope owner) implements HookChange {
        public String message() {
            return "%s does not exist; add it before giving it hooks".formatted(owner.describe());
        }
    }
}
