package pideploy.deploy.core.profile;

/** Outcome of setting a profile layer. Suggested: Saved 200, AddressTaken 409 CONFLICT, OwnerNotFound 404. */
public sealed interface ProfileChange {
    /** The product, venue or batch the layer would belong to does not exist. Suggested: 404 NOT_FOUND. */
    record OwnerNotFound(ProfileScope scope) implements ProfileChange {
        public String message() {
            return "%s does not exist; add it before setting its profile".formatted(scope.describe());
        }
    }

    /** The layer is stored as given. */
    record Saved(ProfileLayer layer) implements ProfileChange {}

    /** Another device's layer has the same static address; nothing was stored. */
    record AddressTaken(Ipv4Address address, ProfileScope.Device holder, ProfileScope.Device refused)
            implements ProfileChange {
        public String message() {
            return ("static ipv4 address %s is already set for device %s; %s cannot have it too: choose another "
                            + "address or clear it on %s first")
                    .formatted(address, holder.key(), refused.key(), holder.key());
        }
    }
}
