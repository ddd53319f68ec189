package pideploy.deploy.core.usecase;

import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;

/** Outcome of {@link UpdateVenue}. */
public sealed interface VenueUpdate {
    record Updated(Venue venue) implements VenueUpdate {}

    record NotFound(VenueCode code) implements VenueUpdate {
        public String message() {
            return "venue %s does not exist".formatted(code);
        }
    }
}
