package pideploy.deploy.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fixture.FleetFixtures;

class CircuitBreakerTest {
    private static long ids = 1;

    /** Newest first, as the breaker takes them: {@code "FFS"} is a failure, a failure, then a success. */
    private static List<Deployment> run(String outcomes) {
        List<Deployment> list = new ArrayList<>();
        for (char c : outcomes.toCharArray()) {
            Deployment d =
                    Deployment.started(new DeploymentId(ids++), FleetFixtures.newDeployment(ids, CORO, KXP2, 1, T0));
            DeploymentStatus status = switch (c) {
                case 'F', 'f' -> DeploymentStatus.FAILED;
                case 'S' -> DeploymentStatus.SUCCESS;
                case 'B' -> DeploymentStatus.BOOTED;
                default -> DeploymentStatus.DOWNLOADING;
            };
            Optional<FailureStep> step = c == 'F' ? Optional.of(FailureStep.WRITE) : Optional.empty();
            list.add(new Deployment(
                    d.id(),
                    d.serial(),
                    d.mac(),
                    d.clientIp(),
                    d.hostname(),
                    d.product(),
                    d.venue(),
                    d.imageVersion(),
                    d.batch(),
                    status,
                    0,
                    d.bytesTotal(),
                    T0,
                    T0,
                    status.isFinished() ? Optional.of(T0) : Optional.empty(),
                    Optional.empty(),
                    "",
                    "",
                    step,
                    Optional.empty(),
                    OptionalDouble.empty(),
                    d.proof()));
        }
        return list;
    }

    @Test
    void tripsWhenNOfTheLastMFinishedDeploymentsFailed() {
        CircuitBreaker breaker = new CircuitBreaker(3, 5);

        assertThat(breaker.tripReason(run("FSFBF"))).hasValue("3 of the last 5 deployments failed (write 3)");
        assertThat(breaker.tripReason(run("FSFBS"))).isEmpty();
    }

    @Test
    void looksOnlyAtTheWindowSoOldFailuresAreForgiven() {
        assertThat(new CircuitBreaker(3, 5).tripReason(run("SSSSSFFF"))).isEmpty();
    }

    @Test
    void deploymentsStillInFlightCountNeitherWay() {
        // Five in flight between the failures: the window is the last five finished ones.
        assertThat(new CircuitBreaker(3, 5).tripReason(run("FDDDDDFSF")))
                .hasValue("3 of the last 4 deployments failed (write 3)");
    }

    @Test
    void namesFailuresThatGaveNoStep() {
        assertThat(new CircuitBreaker(2, 3).tripReason(run("Ff")))
                .hasValue("2 of the last 2 deployments failed (write 1, no step given 1)");
    }

    @Test
    void anEmptyBatchNeverTrips() {
        assertThat(new CircuitBreaker(1, 1).tripReason(List.of())).isEmpty();
    }

    @Test
    void refusesImpossibleSettingsNamingTheField() {
        assertThatThrownBy(() -> new CircuitBreaker(6, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("breaker failures must be 1-5");
        assertThatThrownBy(() -> new CircuitBreaker(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CircuitBreaker(1, 1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("breaker window must be 1-1000");
    }

    @Test
    void readsNOverMOrOffAndNamesWhatIsWrongOtherwise() {
        assertThat(CircuitBreaker.parse(" 3/5 ")).contains(new CircuitBreaker(3, 5));
        assertThat(CircuitBreaker.parse("OFF")).isEmpty();
        assertThatThrownBy(() -> CircuitBreaker.parse("5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("N/M")
                .hasMessageContaining("'5'");
        assertThatThrownBy(() -> CircuitBreaker.parse("a/b")).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> CircuitBreaker.parse("6/5")).hasMessageContaining("breaker failures must be 1-5");
        assertThat(CircuitBreaker.DEFAULT.describe()).isEqualTo("5 of 10");
    }
}
