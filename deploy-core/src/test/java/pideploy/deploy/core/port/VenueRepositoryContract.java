package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;
import static pideploy.deploy.core.fixture.FleetFixtures.venue;

import org.junit.jupiter.api.Test;
import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;

/** Contract of {@link VenueRepository}. */
public abstract class VenueRepositoryContract extends FleetStoreFixture {

    @Test
    void findsNothingForAnUnknownCode() {
        assertThat(read((FleetTransaction tx) -> tx.venues().find(VenueCode.of("NONE"))))
                .isEmpty();
    }

    @Test
    void keepsEveryFieldOfAnAddedVenue() {
        Venue venue = new Venue(CORO, "Corona Karting", "Hall 2, Dock 7", "", T0);
        writeVoid(tx -> tx.venues().add(venue));

        assertThat(read((FleetTransaction tx) -> tx.venues().find(CORO))).contains(venue);
    }

    @Test
    void rejectsASecondVenueWithTheSameCode() {
        writeVoid(tx -> tx.venues().add(venue(CORO)));

        assertThatThrownBy(() -> writeVoid(tx -> tx.venues().add(venue(CORO))))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void listsVenuesOrderedByCode() {
        writeVoid(tx -> {
            tx.venues().add(venue(LEMA));
            tx.venues().add(venue(CORO));
        });

        assertThat(read((FleetTransaction tx) -> tx.venues().list()))
                .extracting(Venue::code)
                .containsExactly(CORO, LEMA);
    }

    @Test
    void updatesNameLocationAndEmail() {
        writeVoid(tx -> tx.venues().add(venue(CORO)));
        Venue changed = new Venue(CORO, "New name", "New place", "new@example.org", T0);

        writeVoid(tx -> tx.venues().update(changed));

        assertThat(read((FleetTransaction tx) -> tx.venues().find(CORO))).contains(changed);
    }

    @Test
    void refusesToUpdateAVenueThatDoesNotExist() {
        assertThatThrownBy(() -> writeVoid(tx -> tx.venues().update(venue(CORO))))
                .isInstanceOf(StorageException.class);
    }
}
