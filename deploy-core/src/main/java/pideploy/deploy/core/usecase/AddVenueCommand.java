package pideploy.deploy.core.usecase;

import java.util.Objects;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Input of {@link AddVenue}.
 *
 * @param code         the new venue's code
 * @param name         display name
 * @param location     may be empty
 * @param contactEmail may be empty
 */
public record AddVenueCommand(VenueCode code, String name, String location, String contactEmail) {
    public AddVenueCommand {
        Objects.requireNonNull(code, "code");
    }
}
