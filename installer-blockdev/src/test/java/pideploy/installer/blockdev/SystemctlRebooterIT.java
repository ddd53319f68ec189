package pideploy.installer.blockdev;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.installer.core.port.RebootFailedException;

class SystemctlRebooterIT {

    @Test
    void acceptsACommandThatSucceeds() {
        assertThatCode(() -> new SystemctlRebooter(List.of("true")).reboot()).doesNotThrowAnyException();
    }

    @Test
    void reportsTheExitStatusAndErrorOutputOfAFailedCommand() {
        SystemctlRebooter rebooter =
                new SystemctlRebooter(List.of("sh", "-c", "echo 'Failed to reboot: Access denied' >&2; exit 1"));

        assertThatThrownBy(rebooter::reboot)
                .isInstanceOf(RebootFailedException.class)
                .hasMessageContaining("exited with 1")
                .hasMessageContaining("Access denied");
    }

    @Test
    void reportsACommandThatCannotBeStarted() {
        assertThatThrownBy(() -> new SystemctlRebooter(List.of("/nonexistent/systemctl", "reboot")).reboot())
                .isInstanceOf(RebootFailedException.class)
                .hasMessageContaining("cannot run");
    }
}
