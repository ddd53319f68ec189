package pideploy.deploy.server.netboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootConfigTest {

    @Test
    void configTxtKeepsTheImagesSectionsAndDropsWhatWouldBootTheCard() {
        String image = "# Raspberry Pi OS\r\ndtparam=audio=on\nauto_initramfs=1\nkernel=kernel8.img\n"
                + "[pi5]\ndtoverlay=vc4-kms-v3d\nos_prefix=old/\n  initramfs initrd.img followkernel\n[all]\n"
                + "cmdline=other.txt\narm_64bit=1\n";
        String kit = BootConfig.configTxt(image);
        assertThat(kit)
                .contains(
                        "dtparam=audio=on\n",
                        "[pi5]\ndtoverlay=vc4-kms-v3d\n",
                        "arm_64bit=1\n",
                        "# (PiDeploy) auto_initramfs=1\n",
                        "# (PiDeploy) kernel=kernel8.img\n",
                        "# (PiDeploy) os_prefix=old/\n",
                        "# (PiDeploy) initramfs initrd.img followkernel\n",
                        "# (PiDeploy) cmdline=other.txt\n")
                .doesNotContain("\r");
        assertThat(kit.lines().filter(l -> l.startsWith("initramfs")))
                .containsExactly("initramfs pideploy-initramfs.gz followkernel");
        assertThat(kit)
                .endsWith("[all]\n# PiDeploy: the installer's initramfs, loaded after whichever kernel the "
                        + "board takes\ninitramfs pideploy-initramfs.gz followkernel\n");
    }

    @Test
    void cmdlineIsOneLineNamingTheServerAndOptionallyProductAndVenue() {
        assertThat(BootConfig.cmdlineTxt("http://10.42.0.2:5001", Optional.empty(), Optional.empty()))
                .isEqualTo("console=serial0,115200 console=tty1 rdinit=/init panic=10 "
                        + "pideploy_server=http://10.42.0.2:5001\n");
        assertThat(BootConfig.cmdlineTxt("http://s:1", Optional.of("KXP2"), Optional.of("CORO")))
                .endsWith("pideploy_server=http://s:1 pideploy_product=KXP2 pideploy_venue=CORO\n")
                .containsOnlyOnce("\n");
    }

    @Test
    void aCaptureKitsCmdlineSwitchesTheCaptureOnAndNamesTheOperatorListener() {
        assertThat(BootConfig.cmdlineTxt(
                        "http://10.42.0.2:5001",
                        Optional.of("KXP2"),
                        Optional.empty(),
                        Optional.of(new KitRequest.Capture(
                                "http://10.42.0.2:5000", Path.of("token"), Optional.of("2026.12-ref")))))
                .isEqualTo("console=serial0,115200 console=tty1 rdinit=/init panic=10 "
                        + "pideploy_server=http://10.42.0.2:5001 pideploy_product=KXP2 pideploy_capture=1 "
                        + "pideploy_capture_server=http://10.42.0.2:5000 pideploy_capture_version=2026.12-ref\n");
        assertThat(BootConfig.cmdlineTxt(
                        "http://s:1",
                        Optional.of("KXP2"),
                        Optional.empty(),
                        Optional.of(new KitRequest.Capture("http://s:0", Path.of("token"), Optional.empty()))))
                .endsWith("pideploy_capture=1 pideploy_capture_server=http://s:0\n")
                .doesNotContain("pideploy_capture_version");
        assertThat(BootConfig.cmdlineTxt("http://s:1", Optional.of("KXP2"), Optional.empty(), Optional.empty()))
                .as("an install kit")
                .isEqualTo(BootConfig.cmdlineTxt("http://s:1", Optional.of("KXP2"), Optional.empty()))
                .doesNotContain("capture");
    }

    @Test
    void aCaptureKitNeedsItsProductAndSpacelessValues() {
        KitRequest.Capture capture = new KitRequest.Capture("http://s:0", Path.of("token"), Optional.empty());
        assertThatThrownBy(() ->
                        BootConfig.cmdlineTxt("http://s:1", Optional.empty(), Optional.empty(), Optional.of(capture)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capture kit needs the product");
        assertThatThrownBy(() -> BootConfig.cmdlineTxt(
                        "http://s:1",
                        Optional.of("KXP2"),
                        Optional.empty(),
                        Optional.of(new KitRequest.Capture("http://a b", Path.of("token"), Optional.empty()))))
                .hasMessageContaining("capture server URL 'http://a b'");
    }

    @Test
    void cmdlineRefusesValuesTheKernelWouldSplit() {
        assertThatThrownBy(() -> BootConfig.cmdlineTxt("http://a b", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server URL 'http://a b'");
        assertThatThrownBy(() -> BootConfig.cmdlineTxt("http://s", Optional.of("KX\nP2"), Optional.empty()))
                .hasMessageContaining("product");
        assertThatThrownBy(() -> BootConfig.cmdlineTxt("http://s", Optional.empty(), Optional.of(" ")))
                .hasMessageContaining("venue");
    }

    @Test
    void dnsmasqProxyRangeIsTheSubnetsNetworkAddress() {
        assertThat(DnsmasqConfig.networkAddress("10.42.0.17/24")).isEqualTo("10.42.0.0");
        assertThat(DnsmasqConfig.networkAddress("192.168.77.130/25")).isEqualTo("192.168.77.128");
        assertThat(DnsmasqConfig.render("eth0", "10.42.0.2/24", "/srv/tftp"))
                .contains("interface=eth0\n", "dhcp-range=10.42.0.0,proxy\n", "tftp-root=/srv/tftp\n", "port=0\n");
    }

    @Test
    void dnsmasqRefusesMalformedInputByName() {
        assertThatThrownBy(() -> DnsmasqConfig.networkAddress("10.42.0.0")).hasMessageContaining("'10.42.0.0'");
        assertThatThrownBy(() -> DnsmasqConfig.networkAddress("10.42.300.0/24"))
                .hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> DnsmasqConfig.networkAddress("10.42.0.0/4")).hasMessageContaining("8..30");
        assertThatThrownBy(() -> DnsmasqConfig.render("eth0; rm", "10.0.0.0/8", "/t"))
                .hasMessageContaining("interface 'eth0; rm'");
        assertThatThrownBy(() -> DnsmasqConfig.render("eth0", "10.0.0.0/8", "/t ftp"))
                .hasMessageContaining("TFTP root");
    }
}
