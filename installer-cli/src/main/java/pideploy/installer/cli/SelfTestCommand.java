package pideploy.installer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pideploy.installer.blockdev.LinuxTargetDevice;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.Sleeper;
import pideploy.installer.core.port.TargetDevice;
import pideploy.installer.core.port.TransferForm;
import pideploy.installer.core.transfer.CardWriter;
import pideploy.installer.core.transfer.PipelineSettings;
import pideploy.installer.core.transfer.RangedTransfer;
import pideploy.installer.core.transfer.TransferFailure;
import pideploy.installer.core.transfer.TransferMode;
import pideploy.installer.core.workflow.TransferSettings;

/**
 * {@code pi-installer self-test}: the block-mapped pipeline's rate on this machine with the network taken out. A
 * made-up image ({@link SyntheticForm}) is served from this process over loopback HTTP and goes through the same
 * code as a deployment (HTTP client, zstd, SHA-256 per segment, O_DIRECT writes, flushes, O_DIRECT read-back) onto
 * a scratch file, which is deleted afterwards. On a Pi it measures the installer's ceiling (issue 7); the launcher
 * also runs it to record the JVM's start-up cache (ADR-0036).
 */
@Command(
        name = "self-test",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Measures how fast this installer decompresses, hashes, writes and reads back a block-mapped "
                    + "image on this machine, without the network: a made-up image served over loopback HTTP is "
                    + "written to a scratch file in --dir and verified, then the file is deleted.",
            "Exit code 0 when every byte was verified, 5 when not."
        })
final class SelfTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--size",
            paramLabel = "MiB",
            defaultValue = "256",
            description = "Mapped data to write, in MiB (4-1024, default ${DEFAULT-VALUE}; held compressed in "
                    + "memory, about 0.4 MiB per MiB).")
    int sizeMib;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "${java.io.tmpdir}",
            description =
                    "Directory for the scratch file; put it on the storage to measure " + "(default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (sizeMib < 4 || sizeMib > 1024) {
            throw new ParameterException(spec.commandLine(), "--size must be 4-1024 MiB, was " + sizeMib);
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--dir %s is not a directory".formatted(dir));
        }
        PrintWriter out = spec.commandLine().getOut();
        SyntheticForm form = SyntheticForm.build(sizeMib);
        Path scratch = Files.createTempFile(dir, "pi-installer-self-test-", ".img");
        try (LoopbackFormServer server = LoopbackFormServer.start(form)) {
            try (RandomAccessFile file = new RandomAccessFile(scratch.toFile(), "rw")) {
                file.setLength(form.imageSize());
            }
            String base = server.baseUrl();
            TransferForm offer = new TransferForm(
                    TransferForm.ZSTD_RANGES_V1,
                    base + LoopbackFormServer.INDEX,
                    base + LoopbackFormServer.DATA,
                    form.indexSha256(),
                    form.mappedBytes(),
                    form.data().length);
            DeploymentConfig config = new DeploymentConfig(
                    "0",
                    "self-test",
                    "SELF",
                    "TEST",
                    base + "/self-test.img",
                    form.imageSize(),
                    form.imageSha256(),
                    "self-test",
                    CustomizationMethod.FIRSTRUN,
                    List.of(offer));
            TransferSettings t = TransferSettings.DEFAULT;
            RangedTransfer transfer = new RangedTransfer(
                    new HttpDeploymentServer(ServerAddress.parse(base)),
                    Optional.of(new ZstdRangeCodec()),
                    new PipelineSettings(
                            t.bufferCount(), t.syncEvery(), t.progressInterval(), t.stallTimeout(), t.maxResumes()),
                    attempt -> Duration.ofMillis(100),
                    Sleeper.system(),
                    InstantSource.system(),
                    InstallObserver.none(),
                    "self-test");
            TargetDevice target = new LinuxTargetDevice(scratch, Path.of("/"));
            Duration cpu0 = cpu();
            long t0 = System.nanoTime();
            RangedTransfer.Written written;
            long direct;
            try (FileChannel channel = target.openForWriting();
                    CardWriter writer = new CardWriter(channel, target.openForDirectWriting());
                    ReadBack readBack = target.openForReadBack()) {
                RangedTransfer.Plan plan =
                        transfer.plan(config, TransferMode.ZSTD_RANGES).orElseThrow();
                written = transfer.writeAndVerify(writer, readBack, form.imageSize(), plan, (bytes, rate) -> {});
                direct = writer.directBytes();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "self-test: %d MiB mapped in %d MiB of zstd frames, over loopback HTTP onto %s: "
                            + "decompressed, hashed, written (%s) and read back verified in %.2f s = %.0f MB/s, "
                            + "%.1f s CPU%n",
                    written.mappedBytes() >> 20,
                    form.data().length >> 20,
                    dir,
                    direct > 0 ? "O_DIRECT" : "through the page cache",
                    seconds,
                    written.mappedBytes() / seconds / 1e6,
                    (cpu().toNanos() - cpu0.toNanos()) / 1e9);
            out.flush();
            return InstallerExitCodes.DONE;
        } catch (TransferFailure e) {
            spec.commandLine()
                    .getErr()
                    .println("pi-installer self-test: failed at " + e.step() + ": " + e.getMessage());
            return InstallerExitCodes.TRANSFER;
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static Duration cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
