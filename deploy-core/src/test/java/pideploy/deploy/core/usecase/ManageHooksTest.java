package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.profile.HookChange;
import pideploy.deploy.core.profile.HookName;
import pideploy.deploy.core.profile.HookScript;
import pideploy.deploy.core.profile.HookVersion;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.venue.VenueCode;

class ManageHooksTest {
    private static final ProfileScope VENUE = new ProfileScope.Venue(CORO);
    private static final HookName APP = new HookName("camera-app");
    private final InMemoryFleetStore store = new InMemoryFleetStore();
    private final ManageHooks hooks =
            new ManageHooks(store, Clock.fixed(Instant.parse("2026-12-04T01:00:00Z"), ZoneOffset.UTC));

    ManageHooksTest() {
        FleetFixtures.seed(store);
    }

    private static HookScript script(String text) {
        return new HookScript(text);
    }

    @Test
    void aChangedTextIsANewVersionAndTheSameTextIsNot() {
        HookChange first = hooks.upload(VENUE, APP, script("#!/bin/sh\necho one\n"), "alice");
        HookChange same = hooks.upload(VENUE, APP, script("#!/bin/sh\necho one\n"), "bob");
        HookChange second = hooks.upload(VENUE, APP, script("#!/bin/sh\necho two\n"), "bob");

        assertThat(first)
                .isInstanceOfSatisfying(
                        HookChange.Saved.class,
                        s -> assertThat(s.version().version()).isEqualTo(1));
        assertThat(same)
                .isInstanceOfSatisfying(
                        HookChange.Unchanged.class,
                        u -> assertThat(u.latest().author()).isEqualTo("alice"));
        assertThat(second)
                .isInstanceOfSatisfying(
                        HookChange.Saved.class,
                        s -> assertThat(s.version().describe()).isEqualTo("venue CORO camera-app v2"));
        assertThat(hooks.versions(VENUE, APP)).extracting(HookVersion::author).containsExactly("alice", "bob");
    }

    @Test
    void showsWhatChangedBetweenTwoVersions() {
        hooks.upload(VENUE, APP, script("#!/bin/sh\nset -e\necho one\nsystemctl enable cam\n"), "alice");
        hooks.upload(VENUE, APP, script("#!/bin/sh\nset -e\necho two\nsystemctl enable cam\n"), "alice");

        assertThat(hooks.diff(VENUE, APP, 1, 2))
                .contains(
                        java.util.List.of(" #!/bin/sh", " set -e", "-echo one", "+echo two", " systemctl enable cam"));
        assertThat(hooks.diff(VENUE, APP, 1, 3)).isEmpty();
    }

    @Test
    void refusesAnOwnerThatIsNotAProductOrVenueOrDoesNotExistAndBadScripts() {
        assertThat(hooks.upload(new ProfileScope.Venue(VenueCode.of("NONE")), APP, script("#!/bin/sh\n"), "a"))
                .isInstanceOfSatisfying(
                        HookChange.OwnerNotFound.class,
                        n -> assertThat(n.message())
                                .isEqualTo("venue NONE does not exist; add it before giving it hooks"));
        assertThatThrownBy(
                        () -> hooks.upload(new ProfileScope.Batch(BatchId.parse("1")), APP, script("#!/bin/sh\n"), "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("product or a venue");
        assertThatThrownBy(() -> script("echo no interpreter"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#!/bin/sh");
        assertThatThrownBy(() -> script("#!/bin/sh\r\necho dos\r\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LF");
        assertThatThrownBy(() -> new HookName("Camera App"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Camera App'");
        assertThat(hooks.upload(new ProfileScope.Product(KXP2), APP, script("#!/bin/sh\n"), "a"))
                .isInstanceOf(HookChange.Saved.class);
        assertThat(hooks.list()).hasSize(1);
    }
}
