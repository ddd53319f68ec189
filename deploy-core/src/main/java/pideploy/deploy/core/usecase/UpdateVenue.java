package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.venue.Venue;

/** Changes a venue's name, location and contact e-mail; the code never changes (it is part of hostnames). */
public final class UpdateVenue {
    private static final System.Logger LOG = System.getLogger(UpdateVenue.class.getName());
    private final FleetStore store;

    public UpdateVenue(FleetStore store) {
        this.store = store;
    }

    /** @throws IllegalArgumentException if name, location or e-mail are invalid (message names the field) */
    public VenueUpdate update(AddVenueCommand command) {
        VenueUpdate outcome = store.write(tx -> {
            Venue current = tx.venues().find(command.code()).orElse(null);
            if (current == null) {
                return new VenueUpdate.NotFound(command.code());
            }
            Venue changed = new Venue(
                    current.code(), command.name(), command.location(), command.contactEmail(), current.createdAt());
            tx.venues().update(changed);
            return new VenueUpdate.Updated(changed);
        });
        if (outcome instanceof VenueUpdate.Updated u) {
            LOG.log(
                    Level.INFO,
                    "venue {0} updated: {1}",
                    u.venue().code(),
                    u.venue().name());
        }
        return outcome;
    }
}
