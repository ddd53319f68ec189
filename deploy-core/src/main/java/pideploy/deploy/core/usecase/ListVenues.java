package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;

/** Lists venues, or finds one. */
public final class ListVenues {
    private final FleetStore store;

    public ListVenues(FleetStore store) {
        this.store = store;
    }

    /** All venues ordered by code. */
    public List<Venue> list() {
        return store.read(tx -> tx.venues().list());
    }

    /** One venue, if it exists. */
    public Optional<Venue> find(VenueCode code) {
        return store.read(tx -> tx.venues().find(code));
    }
}
