package pideploy.deploy.core.port;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;

/** Venues. Used inside a {@link FleetStore} transaction. */
public interface VenueRepository {
    /** Adds a venue. @throws DuplicateKeyException if its code exists */
    void add(Venue venue);

    /** Replaces the venue with the same code. @throws StorageException if there is none */
    void update(Venue venue);

    Optional<Venue> find(VenueCode code);

    /** All venues ordered by code; empty list when none. */
    List<Venue> list();
}
