package pideploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.cli.InstallerExitCodes;

/**
 * The real installer (its command line with the Linux and HTTP adapters) against the real server, writing a
 * file-backed card from a real Pi OS-shaped image built with sfdisk, mkfs.vfat, mtools and mkfs.ext4.
 */
class InstallerSystemIT {
    private static final long MIB = 1 << 20;
    private static final long CARD_SIZE = 160 * MIB;

    @TempDir
    static Path shared;

    static PiDiskImage image;

    @TempDir
    Path dir;

    private final InstallerRun installerRun = new InstallerRun();

    @BeforeAll
    static void buildImage() throws Exception {
        image = PiDiskImage.build(shared.resolve("image"), 60, 8);
    }

    private Path card(long size) throws IOException {
        return InstallerRun.card(dir.resolve("card.img"), size);
    }

    private int install(String server, Path card, String... extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        // The raw image path, whatever transfer forms the server has prepared by then: what these tests prove.
        args.addAll(List.of("--transfer", "raw"));
        return installerRun.install(server, card, args.toArray(String[]::new));
    }

    private String output() {
        return installerRun.output();
    }

    @Test
    void installsAVerifiedCustomizedCardAndTheServerRecordsEveryStep() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            Path card = card(CARD_SIZE);

            int exit = install(server.deviceUrl(), card);

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.DONE);
            assertThat(installerRun.standardOutput()).contains("done: KXP2-CORO-001");
            // The root filesystem is byte for byte the image's.
            assertThat(InstallerRun.read(card, image.rootOffset(), image.rootSize()))
                    .isEqualTo(InstallerRun.read(image.file(), image.rootOffset(), image.rootSize()));
            // The partition table came last, with the root partition grown to the card's end.
            PartitionTable table = PartitionTable.parseMbr(InstallerRun.read(card, 0, 512));
            Partition root = table.partitions().get(1);
            assertThat(root.firstByte()).isEqualTo(image.rootOffset());
            assertThat(root.endByteExclusive()).isEqualTo(CARD_SIZE);
            assertThat(table.bootPartition().orElseThrow().firstByte()).isEqualTo(image.bootOffset());
            // The boot partition is a clean FAT32 with the first-boot script and its hook.
            Path boot = dir.resolve("boot.img");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + card,
                    "of=" + boot,
                    "bs=1M",
                    "skip=" + image.bootOffset() / MIB,
                    "count=" + image.bootSize() / MIB,
                    "status=none");
            Tools.Result fsck = Tools.run(dir, List.of("fsck.fat", "-n", boot.toString()));
            assertThat(fsck.exitCode()).as(fsck.output()).isZero();
            String script = Tools.check(dir, "mtype", "-i", boot.toString(), "::/firstrun.sh");
            assertThat(script)
                    .contains("NEW_HOSTNAME='KXP2-CORO-001'")
                    .contains(server.deviceUrl() + "/api/status")
                    .contains("uninitialized");
            String cmdline = Tools.check(dir, "mtype", "-i", boot.toString(), "::/cmdline.txt");
            assertThat(cmdline)
                    .isEqualTo(PiDiskImage.CMDLINE + " systemd.run=/boot/firmware/firstrun.sh "
                            + "systemd.run_success_action=reboot systemd.unit=kernel-command-line.target");
            assertThat(Tools.check(dir, "mtype", "-i", boot.toString(), "::/config.txt"))
                    .contains("auto_initramfs=1");
            // The server saw every step.
            Deployment deployment = server.deployments().getFirst();
            assertThat(deployment.status()).isEqualTo(DeploymentStatus.SUCCESS);
            assertThat(deployment.hostname().value()).isEqualTo("KXP2-CORO-001");
            assertThat(deployment.bytesDone()).isEqualTo(image.size());
            assertThat(deployment.writeRate()).isPresent();
            // The installer announced the device-proof protocol and every report carried the secret (ADR-0042).
            assertThat(deployment.proof().verified()).isTrue();
            assertThat(deployment.proof().refusedReports()).isZero();
            assertThat(server.history(deployment).events())
                    .extracting(DeploymentEvent::status)
                    .containsSubsequence(
                            DeploymentStatus.STARTED,
                            DeploymentStatus.DOWNLOADING,
                            DeploymentStatus.VERIFYING,
                            DeploymentStatus.CUSTOMIZING,
                            DeploymentStatus.SUCCESS);
        }
    }

    @Test
    void theCardsFirstBootPhonesHomeAndTheServerMarksTheDeploymentBooted() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            Path card = card(CARD_SIZE);
            assertThat(install(server.deviceUrl(), card)).as(output()).isEqualTo(InstallerExitCodes.DONE);
            Path boot = dir.resolve("boot.img");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + card,
                    "of=" + boot,
                    "bs=1M",
                    "skip=" + image.bootOffset() / MIB,
                    "count=" + image.bootSize() / MIB,
                    "status=none");
            // The booted card's root, as far as the scripts touch it: files from the image, the boot partition.
            Path root = dir.resolve("booted");
            Files.createDirectories(root.resolve("boot/firmware"));
            Files.createDirectories(root.resolve("etc"));
            Files.createDirectories(root.resolve("proc"));
            Files.writeString(root.resolve("etc/hostname"), "raspberrypi\n");
            Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\traspberrypi\n");
            Files.writeString(root.resolve("proc/cpuinfo"), "Serial\t\t: 5e3da3b1c0ffee01\n");
            Tools.check(
                    dir,
                    "mcopy",
                    "-i",
                    boot.toString(),
                    "::/firstrun.sh",
                    "::/cmdline.txt",
                    root.resolve("boot/firmware").toString());
            Path stubs = dir.resolve("stubs");
            Files.createDirectories(stubs);
            for (String tool : List.of("ssh-keygen", "findmnt", "resize2fs")) {
                Files.writeString(stubs.resolve(tool), "#!/bin/sh\nexit 0\n");
            }
            Files.writeString(stubs.resolve("hostname"), "#!/bin/sh\ncat \"$PIDEPLOY_FIRSTRUN_ROOT/etc/hostname\"\n");
            Tools.check(
                    dir,
                    "chmod",
                    "755",
                    stubs.resolve("ssh-keygen").toString(),
                    stubs.resolve("findmnt").toString(),
                    stubs.resolve("resize2fs").toString(),
                    stubs.resolve("hostname").toString());

            bootScript(root, stubs, root.resolve("boot/firmware/firstrun.sh"));
            assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("KXP2-CORO-001\n");
            assertThat(Files.readString(root.resolve("boot/firmware/cmdline.txt")))
                    .isEqualTo(PiDiskImage.CMDLINE);
            bootScript(root, stubs, root.resolve("usr/local/sbin/pideploy-phone-home"));

            Deployment deployment = server.deployments().getFirst();
            assertThat(deployment.status()).isEqualTo(DeploymentStatus.BOOTED);
            assertThat(deployment.bootedAt()).isPresent();
            // The booted report carried the assigned hostname and the deployment's secret (ADR-0042).
            assertThat(deployment.proof().verified()).isTrue();
            assertThat(deployment.proof().refusedReports()).isZero();
        }
    }

    /** Runs one of the card's first-boot scripts with the real curl against the server, as the Pi would. */
    private static void bootScript(Path root, Path stubs, Path script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true);
        builder.environment().put("PIDEPLOY_FIRSTRUN_ROOT", root.toString());
        builder.environment().put("PATH", stubs + ":/usr/sbin:/usr/bin:/sbin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void writesTheCloudInitSeedForCloudInitImages() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "cloud-init").start()) {
            Path card = card(CARD_SIZE);

            assertThat(install(server.deviceUrl(), card)).as(output()).isEqualTo(InstallerExitCodes.DONE);

            Path boot = dir.resolve("boot.img");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + card,
                    "of=" + boot,
                    "bs=1M",
                    "skip=" + image.bootOffset() / MIB,
                    "count=" + image.bootSize() / MIB,
                    "status=none");
            assertThat(Tools.run(dir, List.of("fsck.fat", "-n", boot.toString()))
                            .exitCode())
                    .isZero();
            assertThat(Tools.check(dir, "mtype", "-i", boot.toString(), "::/user-data"))
                    .startsWith("#cloud-config\n")
                    .contains("hostname: KXP2-CORO-001");
            String metaData = Tools.check(dir, "mtype", "-i", boot.toString(), "::/meta-data");
            String instanceId = metaData.lines()
                    .filter(l -> l.startsWith("instance-id: "))
                    .findFirst()
                    .orElseThrow()
                    .substring("instance-id: ".length());
            assertThat(Tools.check(dir, "mtype", "-i", boot.toString(), "::/cmdline.txt"))
                    .endsWith(" ds=nocloud;i=" + instanceId);
        }
    }

    @Test
    void aCorruptByteInTheServedImageFailsVerificationAndLeavesNoPartitionTable() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            try (RandomAccessFile served =
                    new RandomAccessFile(server.servedImage().toFile(), "rw")) {
                long at = image.rootOffset() + 3 * MIB + 17;
                served.seek(at);
                int b = served.read();
                served.seek(at);
                served.write(~b);
            }
            Path card = card(CARD_SIZE);

            int exit = install(server.deviceUrl(), card);

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.TRANSFER);
            assertThat(installerRun.errors()).contains("failed at verify").contains("image_checksum");
            assertThat(InstallerRun.read(card, 0, 512)).isEqualTo(new byte[512]);
            Deployment deployment = server.deployments().getFirst();
            assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(deployment.failureStep()).contains(FailureStep.VERIFY);
            assertThat(deployment.errorMessage()).contains("SHA-256");
        }
    }

    @Test
    void resumesWithRangeWhenTheConnectionIsCutMidTransfer() throws Exception {
        Path data = dir.resolve("data");
        ServerRig rig = new ServerRig(data, image.file(), "firstrun");
        int port = freePort();
        CutOnceProxy proxy = new CutOnceProxy(port, 20 * MIB);
        // The proxy closes first, with its connections, so the server's graceful stop has none left to wait for.
        try (ServerRig server = rig.start(port, Optional.of(URI.create("http://127.0.0.1:" + proxy.port())));
                proxy) {
            Path card = card(CARD_SIZE);

            int exit = install("http://127.0.0.1:" + proxy.port(), card);

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.DONE);
            assertThat(proxy.hasCut()).isTrue();
            assertThat(installerRun.standardOutput()).contains("resuming with Range");
            assertThat(InstallerRun.read(card, image.rootOffset(), image.rootSize()))
                    .isEqualTo(InstallerRun.read(image.file(), image.rootOffset(), image.rootSize()));
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);
        }
    }

    @Test
    void refusesACardSmallerThanTheImage() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            Path card = card(image.size() - MIB);

            int exit = install(server.deviceUrl(), card);

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.REFUSED_TARGET);
            assertThat(installerRun.errors()).contains("use a larger card");
            assertThat(InstallerRun.read(card, 0, 512)).isEqualTo(new byte[512]);
            // The installer sends the card's size with /api/config, so the server refuses it (CARD_TOO_SMALL)
            // before a hostname is taken: no deployment is created (ADR-0047).
            assertThat(installerRun.errors()).contains("CARD_TOO_SMALL");
            assertThat(server.deployments()).isEmpty();
        }
    }

    @Test
    void refusesAMountedTargetWithoutAskingTheServer() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            Path card = card(CARD_SIZE);
            Path systemRoot = dir.resolve("system");
            Files.createDirectories(systemRoot.resolve("proc/self"));
            Files.writeString(
                    systemRoot.resolve("proc/self/mountinfo"),
                    Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)
                            + "999 27 7:9 / /mnt/card rw,relatime - vfat " + card.toRealPath() + " rw\n");

            int exit = install(server.deviceUrl(), card, "--system-root", systemRoot.toString());

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.REFUSED_TARGET);
            assertThat(installerRun.errors()).contains("is mounted at /mnt/card");
            assertThat(server.deployments()).isEmpty();
        }
    }

    @Test
    void retriesWhileTheServerIsDownAndSucceedsWhenItComesUp() throws Exception {
        ServerRig rig = new ServerRig(dir.resolve("data"), image.file(), "firstrun");
        int port = freePort();
        Path card = card(CARD_SIZE);

        CompletableFuture<Integer> installer =
                CompletableFuture.supplyAsync(() -> install("http://127.0.0.1:" + port, card));
        Thread.sleep(1500);
        assertThat(installer).isNotDone();
        try (ServerRig server = rig.start(port, Optional.empty())) {
            int exit = installer.get(90, TimeUnit.SECONDS);

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.DONE);
            assertThat(installerRun.standardOutput()).contains("server unreachable");
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
