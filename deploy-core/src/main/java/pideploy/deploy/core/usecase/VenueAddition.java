package pideploy.deploy.core.usecase;

import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;

/** Outcome of {@link AddVenue}. */
public sealed interface VenueAddition {
    record Added(Venue venue) implements VenueAddition {}

    record AlreadyExists(VenueCode code) implements VenueAddition {
        public String message() {
            return "venue %s exists already".formatted(code);
        }
    }
}
