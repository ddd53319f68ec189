package pideploy.installer.core.customize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CmdlineHookTest {
    private static final String LINE = "console=serial0,115200 console=tty1 root=PARTUUID=abcdef01-02 rootwait quiet";

    @Test
    void appendsImagersSystemdRunHookWithTheBookwormBootPathOnOneLine() {
        assertThat(CmdlineHook.withFirstRun(LINE + "\n"))
                .isEqualTo(LINE + " systemd.run=/boot/firmware/firstrun.sh "
                        + "systemd.run_success_action=reboot systemd.unit=kernel-command-line.target");
    }

    @Test
    void doesNotAppendTheHookTwice() {
        String once = CmdlineHook.withFirstRun(LINE);

        assertThat(CmdlineHook.withFirstRun(once)).isEqualTo(once);
    }

    @Test
    void joinsStrayLinesSoTheFirmwareSeesEverything() {
        assertThat(CmdlineHook.withFirstRun("console=tty1\r\nrootwait\n"))
                .startsWith("console=tty1 rootwait systemd.run=");
    }

    @Test
    void replacesAnyNoCloudSeedTokenWithThisWritesInstanceId() {
        assertThat(CmdlineHook.withNoCloud(LINE + " resize ds=nocloud;i=rpios-image splash", "pideploy-42-1795"))
                .isEqualTo(LINE + " resize splash ds=nocloud;i=pideploy-42-1795");
    }
}
