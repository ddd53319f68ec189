package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.profile.HookName;
import pideploy.deploy.core.profile.HookScript;
import pideploy.deploy.core.profile.HookVersion;
import pideploy.deploy.core.profile.ProfileScope;

/** Contract of {@link HookRepository}. */
public abstract class HookRepositoryContract extends FleetStoreFixture {
    private static final ProfileScope VENUE = new ProfileScope.Venue(CORO);
    private static final ProfileScope OTHER_VENUE = new ProfileScope.Venue(LEMA);
    private static final ProfileScope PRODUCT = new ProfileScope.Product(KXP2);
    private static final HookName APP = new HookName("camera-app");
    private static final HookName LOGS = new HookName("logs");

    private static HookScript script(String body) {
        return new HookScript("#!/bin/sh\n" + body + "\n");
    }

    private HookVersion add(ProfileScope owner, HookName name, String body, int second) {
        return write(tx -> tx.hooks().add(owner, name, script(body), "alice", T0.plusSeconds(second)));
    }

    @Test
    void numbersTheVersionsOfEachHookFromOneAndKeepsThemAll() {
        HookVersion first = add(VENUE, APP, "echo one", 1);
        HookVersion second = add(VENUE, APP, "echo two", 2);
        HookVersion otherHook = add(VENUE, LOGS, "echo logs", 3);

        assertThat(List.of(first.version(), second.version(), otherHook.version()))
                .containsExactly(1, 2, 1);
        assertThat(read((FleetTransaction tx) -> tx.hooks().versions(VENUE, APP)))
                .containsExactly(first, second);
        assertThat(read((FleetTransaction tx) -> tx.hooks().find(VENUE, APP, 1)))
                .contains(new HookVersion(VENUE, APP, 1, script("echo one"), "alice", T0.plusSeconds(1)));
        assertThat(read((FleetTransaction tx) -> tx.hooks().find(VENUE, APP, 3)))
                .isEmpty();
        assertThat(read((FleetTransaction tx) -> tx.hooks().versions(OTHER_VENUE, APP)))
                .isEmpty();
    }

    @Test
    void answersTheLatestVersionOfEveryHookOfTheOwnersInTheOrderAsked() {
        add(VENUE, APP, "echo one", 1);
        HookVersion app2 = add(VENUE, APP, "echo two", 2);
        HookVersion logs = add(VENUE, LOGS, "echo logs", 3);
        HookVersion product = add(PRODUCT, APP, "echo product", 4);
        add(OTHER_VENUE, APP, "echo elsewhere", 5);

        assertThat(read((FleetTransaction tx) -> tx.hooks().latest(List.of(PRODUCT, VENUE))))
                .containsExactly(product, app2, logs);
        assertThat(read((FleetTransaction tx) -> tx.hooks().list()))
                .extracting(HookVersion::describe)
                .containsExactly(
                        "product KXP2 camera-app v1",
                        "venue CORO camera-app v2",
                        "venue CORO logs v1",
                        "venue LEMA camera-app v1");
    }

    @Test
    void removesAHookWithAllItsVersions() {
        add(VENUE, APP, "echo one", 1);
        add(VENUE, APP, "echo two", 2);

        boolean removed = write(tx -> tx.hooks().remove(VENUE, APP));
        boolean again = write(tx -> tx.hooks().remove(VENUE, APP));

        assertThat(removed).isTrue();
        assertThat(again).isFalse();
        assertThat(read((FleetTransaction tx) -> tx.hooks().versions(VENUE, APP)))
                .isEmpty();
        assertThat(add(VENUE, APP, "echo anew", 3).version()).isEqualTo(1);
    }
}
