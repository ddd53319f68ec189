package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.venue.Venue;

/** Adds a venue. */
public final class AddVenue {
    private static final System.Logger LOG = System.getLogger(AddVenue.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public AddVenue(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException if name, location or e-mail are invalid (message names the field) */
    public VenueAddition add(AddVenueCommand command) {
        Venue venue =
                new Venue(command.code(), command.name(), command.location(), command.contactEmail(), clock.instant());
        VenueAddition outcome = store.write(tx -> {
            if (tx.venues().find(venue.code()).isPresent()) {
                return new VenueAddition.AlreadyExists(venue.code());
            }
            tx.venues().add(venue);
            return new VenueAddition.Added(venue);
        });
        if (outcome instanceof VenueAddition.Added) {
            LOG.log(Level.INFO, "venue {0} added: {1}", venue.code(), venue.name());
        }
        return outcome;
    }
}
