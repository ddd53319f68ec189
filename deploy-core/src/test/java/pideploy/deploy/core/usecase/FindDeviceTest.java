package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fake.RecordingEventPublisher;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;

/** The device page's query: every deployment of one serial and the hostname the device holds now. */
class FindDeviceTest {
    private final InMemoryFleetStore store = new InMemoryFleetStore();
    private final MutableClock clock = new MutableClock(T0);
    private DeployCore core;

    @BeforeEach
    void build() {
        core = DeployCore.create(
                store, new InMemoryImageStore(), new RecordingEventPublisher(), clock, CoreSettings.DEFAULTS);
        FleetFixtures.seed(store);
        core.importPool().importNumbers(ImportPoolCommand.parse(CORO, KXP2, "1-5"));
        core.registerImage()
                .register(new RegisterImageCommand(
                        KXP2,
                        ImageVersion.of("1.0"),
                        "kxp2.img",
                        new ByteArrayInputStream("kxp2 image".getBytes()),
                        "",
                        Optional.empty(),
                        true));
    }

    private void ask(long device) {
        assertThat(core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(device))))
                .isInstanceOf(ConfigAnswer.Assigned.class);
    }

    @Test
    void listsEveryDeploymentOfTheSerialNewestFirstWithItsCurrentHostname() {
        ask(1);
        ask(2);
        clock.advance(Duration.ofMinutes(5));
        ask(1);

        DeviceDeployments found =
                core.findDeployments().device(FleetFixtures.serial(1)).orElseThrow();

        assertThat(found.deployments()).hasSize(2);
        assertThat(found.deployments())
                .extracting(Deployment::startedAt)
                .containsExactly(T0.plus(Duration.ofMinutes(5)), T0);
        assertThat(found.device().flatMap(d -> d.hostname()).map(h -> h.value()))
                .hasValue("KXP2-CORO-001");
    }

    @Test
    void aReleasedHostnameIsNoLongerTheDevicesWhileItsDeploymentsStay() {
        ask(1);
        core.releaseHostname().release(pideploy.deploy.core.hostname.Hostname.of("KXP2-CORO-001"));

        DeviceDeployments found =
                core.findDeployments().device(FleetFixtures.serial(1)).orElseThrow();

        assertThat(found.device().orElseThrow().hostname()).isEmpty();
        assertThat(found.deployments())
                .singleElement()
                .extracting(d -> d.hostname().value())
                .isEqualTo("KXP2-CORO-001");
    }

    @Test
    void aSerialNeverSeenIsEmpty() {
        ask(1);
        assertThat(core.findDeployments().device(FleetFixtures.serial(99))).isEmpty();
    }
}
