package pideploy.system.netboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.config.NetbootSettings;
import pideploy.deploy.server.netboot.EepromImage;
import pideploy.system.PiDiskImage;
import pideploy.system.ServerRig;
import pideploy.system.Tools;

/**
 * {@code pideploy netboot build} on a registered Pi-OS-shaped image with the real Debian arm64 packages: the TFTP
 * tree has the image's kernels, device trees and overlays, PiDeploy's config.txt and cmdline.txt, and an initramfs
 * whose aarch64 Java runs {@code pi-installer --help} (under qemu-aarch64-static); the dnsmasq configuration passes
 * {@code dnsmasq --test}. The packages come from {@code bin/fetch-netboot-debs}, run by {@code .ci/run}.
 */
class NetbootKitIT {
    private static final Path DEBS = Path.of(System.getProperty("pideploy.netboot.debs", "target/netboot-debs"));
    private static final Path INSTALLER =
            Path.of(System.getProperty("pideploy.installer.dir", "../installer-cli/target"));

    @TempDir
    static Path dir;

    private static Path data;
    private static Path kit;
    private static String buildOutput;
    /** The master image with Pi boot files in its FAT, as registered for the kit built at start. */
    private static Path master;

    private static final byte[] KERNEL_2712 = "pi5 kernel image bytes".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void buildKit() throws Exception {
        assertThat(DEBS.resolve(".apt"))
                .as(
                        "Debian arm64 packages for the kit in %s: run bin/fetch-netboot-debs %s " + "(.ci/run does)",
                        DEBS.toAbsolutePath(), DEBS.toAbsolutePath())
                .isDirectory();
        PiDiskImage image = PiDiskImage.build(dir.resolve("image"), 64, 1);
        Path files = Files.createDirectories(dir.resolve("bootfiles"));
        Files.write(files.resolve("kernel_2712.img"), KERNEL_2712);
        Files.writeString(files.resolve("kernel8.img"), "pi4 kernel");
        Files.writeString(files.resolve("bcm2712-rpi-5-b.dtb"), "pi5 device tree");
        Files.writeString(files.resolve("bcm2711-rpi-4-b.dtb"), "pi4 device tree");
        Files.writeString(files.resolve("vc4-kms-v3d-pi5.dtbo"), "overlay");
        Files.writeString(files.resolve("issue.txt"), "not a boot file");
        String spec = image.file() + "@@" + image.bootOffset();
        Tools.check(
                files,
                "mcopy",
                "-i",
                spec,
                "kernel_2712.img",
                "kernel8.img",
                "bcm2712-rpi-5-b.dtb",
                "bcm2711-rpi-4-b.dtb",
                "issue.txt",
                "::/");
        Tools.check(files, "mcopy", "-i", spec, "vc4-kms-v3d-pi5.dtbo", "::/overlays/");
        master = image.file();
        data = dir.resolve("data");
        new ServerRig(data, master, "firstrun").close();
        kit = dir.resolve("tftp");
        buildOutput = ServerRig.pideploy(
                "netboot",
                "build",
                "--server",
                "http://10.42.0.2:5001",
                "--cmdline-venue",
                "CORO",
                "--debs",
                DEBS.toString(),
                "--installer",
                INSTALLER.toString(),
                "--out",
                kit.toString(),
                "--data",
                data.toString());
    }

    @Test
    void theTreeHoldsTheImagesBootFilesAndPiDeploysOwn() throws IOException {
        assertThat(buildOutput).contains("netboot kit ready in " + kit).contains("kernel_2712.img");
        assertThat(kit.resolve("kernel_2712.img")).hasBinaryContent(KERNEL_2712);
        assertThat(kit.resolve("kernel8.img")).hasContent("pi4 kernel");
        assertThat(kit.resolve("bcm2712-rpi-5-b.dtb")).hasContent("pi5 device tree");
        assertThat(kit.resolve("bcm2711-rpi-4-b.dtb")).exists();
        assertThat(kit.resolve("overlays/vc4-kms-v3d-pi5.dtbo")).hasContent("overlay");
        assertThat(kit.resolve("overlays/README")).exists();
        assertThat(kit.resolve("issue.txt")).doesNotExist();
        assertThat(kit.resolve("cmdline.txt"))
                .hasContent("console=serial0,115200 console=tty1 rdinit=/init panic=10 "
                        + "pideploy_server=http://10.42.0.2:5001 pideploy_product=KXP2 pideploy_venue=CORO");
        String config = Files.readString(kit.resolve("config.txt"));
        assertThat(config)
                .contains("dtparam=audio=on", "arm_64bit=1", "# (PiDeploy) auto_initramfs=1")
                .endsWith("[all]\n# PiDeploy: the installer's initramfs, loaded after whichever kernel the board "
                        + "takes\ninitramfs pideploy-initramfs.gz followkernel\n");
        assertThat(config.lines().filter(l -> l.startsWith("auto_initramfs"))).isEmpty();
        assertThat(Files.readString(kit.resolve("pideploy-kit.txt")))
                .contains("image=KXP2 2026.11", "server=http://10.42.0.2:5001", "java_runtime=25", "kernel_modules=2");
        assertThat(dir.resolve("tftp.building")).doesNotExist();
    }

    @Test
    void theInitramfsIsSmallEnoughAndItsAarch64JavaRunsTheInstaller() throws Exception {
        long size = Files.size(kit.resolve("pideploy-initramfs.gz"));
        assertThat(size).as("initramfs size (TFTP limit of older bootloaders)").isBetween(10L << 20, 96L << 20);
        Path root = Files.createDirectories(dir.resolve("unpacked"));
        Tools.check(root, "sh", "-c", "gzip -dc " + kit.resolve("pideploy-initramfs.gz") + " | cpio -idm --quiet");
        assertThat(root.resolve("init")).isExecutable();
        assertThat(Files.readString(root.resolve("init")))
                .contains("pi-installer.jar", "--from-cmdline", "reboot -f")
                .doesNotContain("exec sh", "/bin/sh -i");
        assertThat(root.resolve("bin/busybox")).isExecutable();
        for (String binary : List.of("opt/pideploy/jre/bin/java", "bin/busybox")) {
            byte[] elf = Files.readAllBytes(root.resolve(binary));
            assertThat(elf).as(binary).startsWith(0x7f, 'E', 'L', 'F');
            assertThat((elf[18] & 0xFF) | (elf[19] & 0xFF) << 8)
                    .as("%s: ELF e_machine (183 = AArch64)", binary)
                    .isEqualTo(183);
        }
        Tools.Result sh = Tools.run(
                root,
                List.of(
                        "qemu-aarch64-static",
                        root.resolve("bin/busybox").toString(),
                        "sh",
                        "-c",
                        "echo busybox-runs"));
        assertThat(sh.output()).as("the kit's busybox runs /init's shell").contains("busybox-runs");
        assertThat(root.resolve("lib/ld-linux-aarch64.so.1")).exists();
        Path modules = root.resolve("usr/lib/modules/" + PiDiskImage.KERNEL_VERSION);
        assertThat(modules.resolve("kernel/drivers/net/ethernet/cadence/macb.ko"))
                .as("the image root's xz module, decompressed for busybox insmod")
                .hasContent(PiDiskImage.MACB_MODULE);
        assertThat(modules.resolve("pideploy.load"))
                .as("dependencies load first")
                .hasContent("""
                /lib/modules/%1$s/kernel/drivers/net/phy/phylink.ko
                /lib/modules/%1$s/kernel/drivers/net/ethernet/cadence/macb.ko""".formatted(PiDiskImage.KERNEL_VERSION));
        assertThat(modules.resolve("kernel/sound"))
                .as("modules the kit does not need stay out")
                .doesNotExist();
        assertThat(Files.readString(root.resolve("init")))
                .contains("/lib/modules/$(uname -r)/pideploy.load", "could not load");
        assertThat(root.resolve("usr/lib/aarch64-linux-gnu/libpthread.so.0")).exists();
        assertThat(root.resolve("etc/pideploy/capture-token"))
                .as("an install kit carries no operator token")
                .doesNotExist();

        Tools.Result help = Tools.run(
                root,
                List.of(
                        "qemu-aarch64-static",
                        "-L",
                        root.toString(),
                        root.resolve("opt/pideploy/jre/bin/java").toString(),
                        "-jar",
                        root.resolve("opt/pideploy/installer/pi-installer.jar").toString(),
                        "--help"));
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("--from-cmdline", "--server");
    }

    @Test
    void aCaptureKitCapturesInsteadOfInstallingWithTheTokenReadableByRootOnly() throws Exception {
        Path token = Files.writeString(dir.resolve("capture-token.txt"), "pdt_capture_kit_token\n");
        Path captureKit = dir.resolve("capture-tftp");
        String output = ServerRig.pideploy(
                "netboot",
                "build",
                "--server",
                "http://10.42.0.2:5001",
                "--capture",
                "http://10.42.0.2:5000",
                "--token-file",
                token.toString(),
                "--capture-version",
                "2026.12-ref",
                "--debs",
                DEBS.toString(),
                "--installer",
                INSTALLER.toString(),
                "--out",
                captureKit.toString(),
                "--data",
                data.toString());

        assertThat(output)
                .contains("netboot kit ready in " + captureKit)
                .contains("CAPTURE KIT", "carries an operator API token", "rebuild the kit without --capture");
        assertThat(captureKit.resolve("cmdline.txt"))
                .hasContent("console=serial0,115200 console=tty1 rdinit=/init panic=10 "
                        + "pideploy_server=http://10.42.0.2:5001 pideploy_product=KXP2 pideploy_capture=1 "
                        + "pideploy_capture_server=http://10.42.0.2:5000 pideploy_capture_version=2026.12-ref");
        assertThat(Files.readString(captureKit.resolve("pideploy-kit.txt")))
                .contains("capture=yes, carries an operator API token");
        Path initramfs = captureKit.resolve("pideploy-initramfs.gz");
        String listing = Tools.check(dir, "sh", "-c", "gzip -dc " + initramfs + " | cpio -itv --quiet");
        assertThat(listing.lines().filter(l -> l.endsWith("etc/pideploy/capture-token")))
                .singleElement()
                .asString()
                .startsWith("-rw------- ")
                .contains(" root ");
        Path root = Files.createDirectories(dir.resolve("capture-unpacked"));
        Tools.check(root, "sh", "-c", "gzip -dc " + initramfs + " | cpio -idm --quiet");
        assertThat(root.resolve("etc/pideploy/capture-token")).hasContent("pdt_capture_kit_token");
        assertThat(root.resolve("etc/pideploy/kit-version")).hasContent("(capture kit of KXP2 2026.11)");
        assertThat(Files.readString(root.resolve("init")))
                .contains(
                        "if [ \"$(param pideploy_capture)\" = 1 ]; then",
                        "capture --from-cmdline --token-file /etc/pideploy/capture-token",
                        "poweroff -f");
        // The host's /proc/cmdline has no pideploy_ keys: the kit's installer reads it and names the missing one.
        Tools.Result run = Tools.run(
                root,
                List.of(
                        "qemu-aarch64-static",
                        "-L",
                        root.toString(),
                        root.resolve("opt/pideploy/jre/bin/java").toString(),
                        "-jar",
                        root.resolve("opt/pideploy/installer/pi-installer.jar").toString(),
                        "capture",
                        "--from-cmdline",
                        "--token-file",
                        root.resolve("etc/pideploy/capture-token").toString()));
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output())
                .as("the kit's installer knows what /init asks")
                .contains("--server is required (or pideploy_capture_server=");
    }

    @Test
    void aCaptureKitWithoutItsTokenIsRefusedBeforeAnythingIsBuilt() {
        assertThatThrownBy(() -> ServerRig.pideploy(
                        "netboot",
                        "build",
                        "--server",
                        "http://10.42.0.2:5001",
                        "--capture",
                        "http://10.42.0.2:5000",
                        "--debs",
                        DEBS.toString(),
                        "--installer",
                        INSTALLER.toString(),
                        "--out",
                        kit.toString(),
                        "--data",
                        data.toString()))
                .hasMessageContaining("--capture needs --token-file");
        assertThatThrownBy(() -> ServerRig.pideploy(
                        "netboot",
                        "build",
                        "--server",
                        "http://10.42.0.2:5001",
                        "--capture",
                        "http://10.42.0.2:5000",
                        "--token-file",
                        dir.resolve("no-such-token").toString(),
                        "--debs",
                        DEBS.toString(),
                        "--installer",
                        INSTALLER.toString(),
                        "--out",
                        kit.toString(),
                        "--data",
                        data.toString()))
                .hasMessageContaining("token file " + dir.resolve("no-such-token") + " does not exist");
        assertThat(kit.resolve("cmdline.txt"))
                .as("the install kit is untouched")
                .content()
                .doesNotContain("capture");
    }

    @Test
    void theDnsmasqConfigurationPassesDnsmasqsOwnCheck() throws Exception {
        Path conf = dir.resolve("pideploy-dnsmasq.conf");
        String out = ServerRig.pideploy(
                "netboot",
                "dnsmasq-config",
                "--interface",
                "lo",
                "--subnet",
                "127.0.0.1/8",
                "--tftp-root",
                kit.toString(),
                "--out",
                conf.toString());
        assertThat(out).contains("dnsmasq --test -C " + conf);
        assertThat(Files.readString(conf))
                .contains(
                        "port=0",
                        "dhcp-range=127.0.0.0,proxy",
                        "pxe-service=0,\"Raspberry Pi Boot\"",
                        "enable-tftp",
                        "tftp-root=" + kit,
                        "log-dhcp");
        Tools.Result test = Tools.run(dir, List.of("dnsmasq", "--test", "-C", conf.toString()));
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("syntax check OK");
    }

    @Test
    void badInputIsRefusedByNameAndTheKitStays() throws IOException {
        assertThatThrownBy(() -> ServerRig.pideploy(
                        "netboot", "dnsmasq-config", "--interface", "eth0", "--subnet", "10.42.0/24"))
                .hasMessageContaining("subnet '10.42.0/24' is not IPv4 CIDR");
        assertThatThrownBy(() -> ServerRig.pideploy(
                        "netboot",
                        "build",
                        "--server",
                        "http://10.42.0.2:5001",
                        "--debs",
                        dir.resolve("no-such-dir").toString(),
                        "--installer",
                        INSTALLER.toString(),
                        "--out",
                        kit.toString(),
                        "--data",
                        data.toString()))
                .hasMessageContaining("package directory")
                .hasMessageContaining("bin/fetch-netboot-debs");
        assertThatThrownBy(() -> ServerRig.pideploy(
                        "netboot",
                        "build",
                        "--server",
                        "http://a b",
                        "--debs",
                        DEBS.toString(),
                        "--installer",
                        INSTALLER.toString(),
                        "--out",
                        kit.toString(),
                        "--data",
                        data.toString()))
                .hasMessageContaining("contains spaces");
        assertThat(kit.resolve("kernel_2712.img"))
                .as("the old kit is untouched")
                .hasBinaryContent(KERNEL_2712);
    }

    @Test
    void theEepromCardCarriesRecoveryAndTheImageWithBootOrderAndItsDigest() throws Exception {
        Path eeprom = Files.write(
                dir.resolve("pieeprom-test.bin"), eepromWithOnlyItsConfig("[all]\nBOOT_UART=1\nBOOT_ORDER=0xf461\n"));
        Path recovery = Files.writeString(dir.resolve("recovery.bin"), "recovery code");
        Path card = dir.resolve("eeprom-card.img");

        String out = ServerRig.pideploy(
                "netboot",
                "eeprom-card",
                "--eeprom",
                eeprom.toString(),
                "--recovery",
                recovery.toString(),
                "--out",
                card.toString());

        assertThat(out).contains("BOOT_ORDER=0xf21");
        String fat = card + "@@1M";
        assertThat(Tools.check(dir, "mdir", "-b", "-i", fat, "::/"))
                .contains("recovery.bin", "pieeprom.upd", "pieeprom.sig");
        Path upd = dir.resolve("pieeprom.upd");
        Tools.check(dir, "mcopy", "-n", "-i", fat, "::/pieeprom.upd", upd.toString());
        assertThat(EepromImage.parse(Files.readAllBytes(upd)).config())
                .isEqualTo("[all]\nBOOT_UART=1\nBOOT_ORDER=0xf21\n");
        String sig = Tools.check(dir, "mtype", "-i", fat, "::/pieeprom.sig");
        assertThat(sig)
                .startsWith(Tools.check(dir, "sha256sum", upd.toString()).substring(0, 64))
                .contains("ts: ");
        assertThat(Tools.check(dir, "sfdisk", "-d", card.toString()))
                .contains("start=        2048")
                .contains("type=c");
    }

    /** A 2 MiB EEPROM image holding just the bootconf.txt section (magic, length, name, reserved, text). */
    private static byte[] eepromWithOnlyItsConfig(String config) {
        byte[] image = new byte[2 << 20];
        Arrays.fill(image, (byte) 0xff);
        byte[] text = config.getBytes(StandardCharsets.UTF_8);
        ByteBuffer.wrap(image).putInt(0, 0x55aaf11f).putInt(4, text.length + 16);
        System.arraycopy("bootconf.txt".getBytes(StandardCharsets.US_ASCII), 0, image, 8, 12);
        Arrays.fill(image, 20, 24, (byte) 0);
        System.arraycopy(text, 0, image, 24, text.length);
        return image;
    }

    @Test
    void theServerBuildsTheKitItselfWhenSetToAndTheSystemPageComparesDnsmasqsConfiguration() throws Exception {
        Path served = dir.resolve("served-data");
        new ServerRig(served, master, "firstrun").close();
        Files.createDirectories(served.resolve("netboot"));
        Files.createSymbolicLink(served.resolve("netboot/debs"), DEBS.toAbsolutePath());
        Path dnsmasq = dir.resolve("dnsmasq.d/pideploy.conf");
        try (ServerRig server = ServerRig.on(served)
                .start(s -> s.withNetboot(new NetbootSettings(
                        true,
                        Optional.of("http://10.42.0.2:5001"),
                        dnsmasq,
                        Optional.of(INSTALLER.toAbsolutePath()))))) {
            Map<?, ?> netboot = awaitKit(server);
            assertThat(netboot.get("server_builds_kit").toString()).contains("built from KXP2 2026.11");
            Path kitDir = served.resolve("netboot/tftp").toAbsolutePath().normalize();
            assertThat(kitDir.resolve("pideploy-initramfs.gz")).isNotEmptyFile();
            assertThat(netboot.get("kit").toString())
                    .contains("image=KXP2 2026.11", "server=http://10.42.0.2:5001", "kernels=kernel_2712.img");
            assertThat(((Map<?, ?>) netboot.get("dnsmasq")).get("check").toString())
                    .startsWith("missing: ");

            Files.createDirectories(dnsmasq.getParent());
            ServerRig.pideploy(
                    "netboot",
                    "dnsmasq-config",
                    "--interface",
                    "lo",
                    "--subnet",
                    "127.0.0.1/8",
                    "--tftp-root",
                    kitDir.toString(),
                    "--out",
                    dnsmasq.toString());
            assertThat(dnsmasqCheck(server)).isEqualTo("matches the kit");
            Files.writeString(dnsmasq, Files.readString(dnsmasq).replace(kitDir.toString(), "/srv/old-kit"));
            assertThat(dnsmasqCheck(server)).isEqualTo("differs: tftp-root=/srv/old-kit, but the kit is in " + kitDir);
        }
    }

    private static Map<?, ?> awaitKit(ServerRig server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (true) {
            Map<?, ?> netboot = (Map<?, ?>) server.systemFacts().get("netboot");
            String state = netboot.get("server_builds_kit").toString();
            if (state.contains("built from") || state.contains("failed") || System.nanoTime() > deadline) {
                return netboot;
            }
            Thread.sleep(1000);
        }
    }

    private static String dnsmasqCheck(ServerRig server) {
        return ((Map<?, ?>) ((Map<?, ?>) server.systemFacts().get("netboot")).get("dnsmasq"))
                .get("check")
                .toString();
    }
}
