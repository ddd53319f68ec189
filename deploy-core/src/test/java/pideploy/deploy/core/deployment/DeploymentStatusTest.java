package pideploy.deploy.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.deployment.DeploymentStatus.BOOTED;
import static pideploy.deploy.core.deployment.DeploymentStatus.CUSTOMIZING;
import static pideploy.deploy.core.deployment.DeploymentStatus.DOWNLOADING;
import static pideploy.deploy.core.deployment.DeploymentStatus.FAILED;
import static pideploy.deploy.core.deployment.DeploymentStatus.STARTED;
import static pideploy.deploy.core.deployment.DeploymentStatus.SUCCESS;
import static pideploy.deploy.core.deployment.DeploymentStatus.VERIFYING;

import org.junit.jupiter.api.Test;

class DeploymentStatusTest {
    @Test
    void movesOnlyForwardAndAllowsRepeats() {
        assertThat(STARTED.canMoveTo(DOWNLOADING)).isTrue();
        assertThat(STARTED.canMoveTo(CUSTOMIZING)).isTrue();
        assertThat(DOWNLOADING.canMoveTo(DOWNLOADING)).isTrue();
        assertThat(VERIFYING.canMoveTo(DOWNLOADING)).isFalse();
        assertThat(CUSTOMIZING.canMoveTo(SUCCESS)).isTrue();
        assertThat(SUCCESS.canMoveTo(CUSTOMIZING)).isFalse();
    }

    @Test
    void failsOnlyBeforeSuccessAndBootsOnlyAfterIt() {
        for (DeploymentStatus s : new DeploymentStatus[] {STARTED, DOWNLOADING, VERIFYING, CUSTOMIZING}) {
            assertThat(s.canMoveTo(FAILED)).as(s.name()).isTrue();
            assertThat(s.canMoveTo(BOOTED)).as(s.name()).isFalse();
        }
        assertThat(SUCCESS.canMoveTo(FAILED)).isFalse();
        assertThat(SUCCESS.canMoveTo(BOOTED)).isTrue();
        assertThat(FAILED.canMoveTo(SUCCESS)).isFalse();
        assertThat(BOOTED.canMoveTo(FAILED)).isFalse();
    }

    @Test
    void parsesWireNamesAndListsTheAllowedOnes() {
        assertThat(DeploymentStatus.parse("Booted")).isEqualTo(BOOTED);
        assertThatThrownBy(() -> DeploymentStatus.parse("rebooting"))
                .hasMessageContaining("started, downloading")
                .hasMessageContaining("rebooting");
        assertThat(FailureStep.parse("verify")).isEqualTo(FailureStep.VERIFY);
    }
}
