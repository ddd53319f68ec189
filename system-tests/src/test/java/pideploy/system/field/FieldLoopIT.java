package pideploy.system.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.system.ServerRig;
import pideploy.system.Tools;

/**
 * The field proof (issue 11, docs/adr/0041-field-proof-rig.md): an emulated Pi netboots the kit that
 * {@code pideploy netboot build} made, its installer writes, verifies and customizes the card from the real server
 * on loopback, and the card then boots the way the Pi firmware boots it, takes its identity and phones home.
 *
 * <p>Substitutions, because no emulator runs a Pi 5: the netboot "Pi" is QEMU's aarch64 {@code virt} board booted
 * with a Debian arm64 kernel (the kit's initramfs and command line, console on ttyAMA0, the card on virtio named by
 * {@code pideploy_device=}); the written card boots on x86_64, since the master image's root is amd64; TFTP is not
 * in the loop (QEMU is handed the kit's files). Everything else is the product: kit, initramfs, installer, server,
 * first-boot script and phone-home.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FieldLoopIT {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(6);
    private static final long CARD_BYTES = 2L << 30;
    private static final String PI_MAC = "dc:a6:32:f1:e1:d0";
    private static final Path INSTALLER =
            Path.of(System.getProperty("pideploy.installer.dir", "../installer-cli/target"));
    private static final Path WORK = Path.of("target/field-run").toAbsolutePath();
    private static final Map<String, Duration> PHASES = new LinkedHashMap<>();

    private static FieldRig.Arm64Kernel kernel;
    private static Path master;
    private static ServerRig server;
    private static Path kit;
    private static Path card;

    @BeforeAll
    static void buildTheRig() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        long started = System.nanoTime();
        master = FieldRig.masterImage();
        kernel = FieldRig.arm64Kernel();
        PHASES.put("master image and arm64 kernel (cached: ~0)", Duration.ofNanos(System.nanoTime() - started));
        int port = freePort();
        URI publicUrl = URI.create("http://10.0.2.2:" + port);
        Path data = WORK.resolve("data");
        server = new ServerRig(data, master, "firstrun").start(port, Optional.of(publicUrl));
        kit = WORK.resolve("tftp");
        started = System.nanoTime();
        ServerRig.pideploy(
                "netboot",
                "build",
                "--server",
                publicUrl.toString(),
                "--cmdline-venue",
                "CORO",
                "--debs",
                FieldRig.DEBS.toString(),
                "--installer",
                INSTALLER.toString(),
                "--modules",
                kernel.modules().toString(),
                "--out",
                kit.toString(),
                "--data",
                data.toString());
        PHASES.put("pideploy netboot build", Duration.ofNanos(System.nanoTime() - started));
        card = WORK.resolve("card.img");
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(CARD_BYTES);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) server.close();
        StringBuilder report = new StringBuilder();
        PHASES.forEach((name, d) -> report.append("%-34s %7.1f s%n".formatted(name, d.toMillis() / 1000.0)));
        System.out.print("field phases:\n" + report);
        Files.writeString(WORK.resolve("phases.txt"), report);
    }

    @Test
    @Order(1)
    void theEmulatedPiNetbootsTheKitAndItsInstallerWritesVerifiesAndCustomizesTheCard() throws Exception {
        try (Qemu pi = Qemu.aarch64(
                kernel.vmlinuz(),
                kit.resolve("pideploy-initramfs.gz"),
                kitCmdline(),
                card,
                PI_MAC,
                WORK.resolve("console-install.log"))) {
            Optional<Integer> exit = pi.awaitExit(INSTALL_TIMEOUT);

            assertThat(exit)
                    .as("the installer VM reboots (QEMU exits) after writing the card:%n%s", pi.console())
                    .isPresent();
            assertThat(pi.first("PiDeploy network installer")).as(pi.console()).isPresent();
            assertThat(pi.first("could not load"))
                    .as("every kit module loads:%n%s", pi.console())
                    .isEmpty();
            assertThat(pi.first("MAC " + PI_MAC)).as(pi.console()).isPresent();
            assertThat(pi.first("step 4/4")).as(pi.console()).isPresent();
            assertThat(pi.first("done: KXP2-CORO-")).as(pi.console()).isPresent();
            phase("netboot to installer start", pi, null, "step 3/4");
            phase("installer start to first byte", pi, "step 3/4", "[write]");
            phase("transfer (write, per-segment verify)", pi, "[write]", "[verify]");
            phase("final verify", pi, "[verify]", "[customize]");
            phase("customize and report", pi, "[customize]", "step 4/4");
        }
        Deployment deployment = server.deployments().getFirst();
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(deployment.hostname().value()).startsWith("KXP2-CORO-");
        assertThat(deployment.mac())
                .map(Object::toString)
                .hasValueSatisfying(mac -> assertThat(mac).isEqualToIgnoringCase(PI_MAC));
    }

    @Test
    @Order(2)
    void theWrittenCardBootsAsTheFirmwareWouldTakesItsIdentityAndTheServerShowsItBooted() throws Exception {
        Deployment deployment = server.deployments().getFirst();
        String hostname = deployment.hostname().value();

        PiFirmware.CardBoot first =
                PiFirmware.bootFromCard(card, WORK.resolve("boot1")).orElseThrow();
        assertThat(first.cmdline()).contains("systemd.run=/boot/firmware/firstrun.sh");
        try (Qemu boot = Qemu.x86(
                first.kernel(), first.initrd(), first.cmdline(), card, PI_MAC, WORK.resolve("console-firstboot.log"))) {
            assertThat(boot.awaitExit(BOOT_TIMEOUT))
                    .as("the first-boot hook reboots:%n%s", boot.console())
                    .isPresent();
            assertThat(boot.first("PIDEPLOY-FIELD"))
                    .as("the hook's boot does nothing else")
                    .isEmpty();
            phase("first boot (hook) to reboot", boot, null, null);
        }

        PiFirmware.CardBoot second =
                PiFirmware.bootFromCard(card, WORK.resolve("boot2")).orElseThrow();
        assertThat(second.cmdline())
                .as("cmdline.txt restored")
                .doesNotContain("systemd.run")
                .isEqualTo(masterCmdline());
        Map<String, String> seen;
        try (Qemu boot = Qemu.x86(
                second.kernel(),
                second.initrd(),
                second.cmdline(),
                card,
                PI_MAC,
                WORK.resolve("console-secondboot.log"))) {
            Qemu.Line report = boot.await(l -> l.contains("PIDEPLOY-FIELD"), BOOT_TIMEOUT)
                    .orElseThrow(() -> new AssertionError("no report from the booted card:\n" + boot.console()));
            seen = fields(report.text());
            PHASES.put("second boot to booted report", report.at());
            boot.awaitExit(Duration.ofMinutes(2));
        }
        assertThat(seen.get("hostname")).isEqualTo(hostname);
        assertThat(seen.get("etc_hostname")).isEqualTo(hostname);
        assertThat(seen.get("hosts")).as("/etc/hosts 127.0.1.1").isEqualTo(hostname);
        assertThat(seen.get("machine_id")).matches("[0-9a-f]{32}").isNotEqualTo(FieldRig.masterValue("machine-id"));
        assertThat(seen.get("ssh_key")).matches("[0-9a-f]{16}").isNotEqualTo(FieldRig.masterValue("ssh-key"));
        long partition = CARD_BYTES - (4L + 128) * (1 << 20);
        assertThat(Long.parseLong(seen.get("root_bytes")))
                .as("the root filesystem fills the card")
                .isGreaterThan(partition * 9 / 10);
        assertThat(seen.get("firstrun_runs"))
                .as("the hook ran once, not again on this boot")
                .isEqualTo("1");
        assertThat(seen.get("proc_cmdline_hook")).isEqualTo("0");
        assertThat(seen.get("phone_home")).as("the phone-home removed itself").isEqualTo("gone");
        Deployment after = server.deployments().getFirst();
        assertThat(after.status()).isEqualTo(DeploymentStatus.BOOTED);
        assertThat(after.bootedAt()).isPresent();
    }

    @Test
    @Order(3)
    void aCorruptImageFailsTheInstallLeavesNoPartitionTableAndTheCardFallsBackToTheNetwork() throws Exception {
        // One byte flips in what the server serves: the stored image and its compressed transfer form.
        Path data = WORK.resolve("data");
        flipByteAt(server.servedImage(), 200L << 20);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path zranges : files.filter(p -> p.getFileName().toString().endsWith(".zranges"))
                    .toList()) {
                flipByteAt(zranges, Files.size(zranges) / 2);
            }
        }
        Path failing = WORK.resolve("card-failing.img");
        Tools.check(WORK, "cp", "--sparse=always", card.toString(), failing.toString());
        try (Qemu pi = Qemu.aarch64(
                kernel.vmlinuz(),
                kit.resolve("pideploy-initramfs.gz"),
                kitCmdline(),
                failing,
                "dc:a6:32:f1:e1:d1",
                WORK.resolve("console-failing.log"))) {
            Optional<Qemu.Line> failed = pi.await(l -> l.contains("[pideploy] FAILED"), INSTALL_TIMEOUT);
            assertThat(failed)
                    .as("the installer reports the failure:%n%s", pi.console())
                    .isPresent();
            assertThat(pi.first("failed at verify")).as(pi.console()).isPresent();
        }
        Deployment deployment = server.deployments().stream()
                .filter(d -> d.mac()
                        .map(m -> m.toString().equalsIgnoreCase("dc:a6:32:f1:e1:d1"))
                        .orElse(false))
                .findFirst()
                .orElseThrow();
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILED);
        byte[] mbr = new byte[512];
        try (RandomAccessFile file = new RandomAccessFile(failing.toFile(), "r")) {
            file.readFully(mbr);
        }
        assertThat(mbr).as("no partition table on the failed card").isEqualTo(new byte[512]);

        assertThat(PiFirmware.bootFromCard(failing, WORK.resolve("boot-failing")))
                .as("nothing to boot on the card")
                .isEmpty();
        try (Qemu again = Qemu.aarch64(
                kernel.vmlinuz(),
                kit.resolve("pideploy-initramfs.gz"),
                kitCmdline(),
                failing,
                "dc:a6:32:f1:e1:d1",
                WORK.resolve("console-fallback.log"))) {
            assertThat(again.await(l -> l.contains("PiDeploy network installer"), BOOT_TIMEOUT))
                    .as("the network boot brings the installer back:%n%s", again.console())
                    .isPresent();
        }
    }

    /** The kit's cmdline.txt with the console on the virt board's UART and the card named (it is virtio here). */
    private static String kitCmdline() throws IOException {
        String line = Files.readString(kit.resolve("cmdline.txt")).strip();
        return line.replaceAll("console=\\S+\\s*", "").strip() + " console=ttyAMA0 pideploy_device=/dev/vda";
    }

    private static String masterCmdline() {
        return "console=ttyS0,115200 root=PARTUUID=5049445a-02 rootfstype=ext4 fsck.repair=yes rootwait";
    }

    private static Map<String, String> fields(String report) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\S*)").matcher(report);
        while (m.find()) fields.put(m.group(1), m.group(2));
        return fields;
    }

    private static void phase(String name, Qemu vm, String from, String to) {
        Duration start =
                from == null ? Duration.ZERO : vm.first(from).map(Qemu.Line::at).orElse(null);
        Duration end =
                to == null ? vm.lastAt() : vm.first(to).map(Qemu.Line::at).orElse(null);
        if (start != null && end != null) PHASES.put(name, end.minus(start));
    }

    private static void flipByteAt(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(~b);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) Files.delete(p);
        }
    }
}
