package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelCmdlineTest {

    @Test
    void readsTheInstallerParametersAmongTheKernelsOwn() {
        KernelCmdline cmdline = KernelCmdline.parse("console=serial0,115200 console=tty1 ip=dhcp "
                + "pideploy_server=10.42.0.1 pideploy_product=KXP2 pideploy_venue=CORO rootwait quiet\n");

        assertThat(cmdline)
                .isEqualTo(new KernelCmdline(Optional.of("10.42.0.1"), Optional.of("KXP2"), Optional.of("CORO")));
    }

    @Test
    void ignoresDottedLookalikesAndEmptyValues() {
        KernelCmdline cmdline = KernelCmdline.parse("pideploy.server=10.0.0.1 pideploy_product= quiet");

        assertThat(cmdline).isEqualTo(new KernelCmdline(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void readsTheTimeout() {
        KernelCmdline cmdline = KernelCmdline.parse("pideploy_server=10.42.0.1 pideploy_timeout=45m quiet");

        assertThat(cmdline.timeout()).contains("45m");
    }

    @Test
    void readsTheCaptureSwitchItsServerAndVersion() {
        KernelCmdline cmdline = KernelCmdline.parse("pideploy_server=http://10.42.0.2:5001 pideploy_product=KXP2 "
                + "pideploy_capture=1 pideploy_capture_server=http://10.42.0.2:5000 pideploy_capture_version=r7 quiet");

        assertThat(cmdline.capture()).isTrue();
        assertThat(cmdline.captureServer()).contains("http://10.42.0.2:5000");
        assertThat(cmdline.captureVersion()).contains("r7");
        assertThat(cmdline.server()).contains("http://10.42.0.2:5001");
    }

    @Test
    void onlyCaptureOneSwitchesTheCaptureOn() {
        assertThat(KernelCmdline.parse("pideploy_capture=0").capture()).isFalse();
        assertThat(KernelCmdline.parse("pideploy_capture=yes").capture()).isFalse();
        assertThat(KernelCmdline.parse("pideploy_capture=").capture()).isFalse();
        assertThat(KernelCmdline.parse("quiet").capture()).isFalse();
    }
}
