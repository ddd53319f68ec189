package pideploy.system.transfer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import pideploy.installer.blockdev.LinuxTargetDevice;
import pideploy.installer.cli.ZstdRangeCodec;
import pideploy.installer.core.port.ConfigRequest;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentServer;
import pideploy.installer.core.port.ImageRequest;
import pideploy.installer.core.port.ImageStream;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.StatusReport;
import pideploy.installer.core.port.TargetDevice;
import pideploy.installer.core.port.TransferForm;
import pideploy.installer.core.transfer.CardWriter;
import pideploy.installer.core.transfer.PipelineSettings;
import pideploy.installer.core.transfer.RangedTransfer;
import pideploy.installer.core.transfer.TransferMode;
import pideploy.system.ServerRig;
import pideploy.system.Tools;

/**
 * Benchmark harness for issue 7, not a test. In one run, on file targets, against one server, for a 4 GiB Pi-like
 * image with about a quarter data (FAT32 boot; ext4 root made by {@code mkfs.ext4 -d} from real files of this
 * machine: /usr/lib/x86_64-linux-gnu, /usr/share/man): the installer on the raw path, the installer on
 * its default (block-map + zstd) path, {@code bmaptool copy --bmap URL.bmap URL}, and {@code curl URL | dd};
 * wall time, bytes the server sent, CPU time of the child process (/usr/bin/time); then the installer's
 * decompress+hash+write pipeline with the network taken out (the data file read from the page cache). Run
 * {@code bench/transfer.sh [WORKDIR] [ROUNDS]}: it builds the installer, copies the classpath aside (other helpers'
 * installs into ~/.m2 during a long run would otherwise pull jars from under it) and runs this class.
 * Deletes its work directory at the end. Results: docs/benchmarks/transfer.md.
 */
public final class TransferBenchmark {
    private static final long MIB = 1 << 20;
    /** 1 Gbit/s of payload, roughly what a gigabit switch port carries for one HTTP stream. */
    private static final long GIGABIT = 117_000_000L;

    private static final long IMAGE_SIZE = 4096 * MIB;
    private static final long BOOT_OFFSET = 4 * MIB;
    private static final long BOOT_SIZE = 256 * MIB;
    private static final long ROOT_OFFSET = BOOT_OFFSET + BOOT_SIZE;
    private static final List<String> ROOT_SOURCES = List.of("/usr/lib/x86_64-linux-gnu", "/usr/share/man");

    private TransferBenchmark() {}

    record Run(String name, int exit, double wall, double user, double system, long bytesSent) {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/var/tmp/pideploy-transfer-bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path jar = Path.of(System.getProperty("pideploy.bench.installerJar", "installer-cli/target/pi-installer.jar"))
                .toAbsolutePath();
        // -Dpideploy.bench.keep=true keeps the image between runs (for tuning); the default cleans up.
        boolean keep = Boolean.getBoolean("pideploy.bench.keep");
        if (!keep) {
            Tools.check(Path.of("/"), "rm", "-rf", work.toString());
        }
        Files.createDirectories(work);
        try {
            run(work, rounds, jar.normalize());
        } finally {
            if (!keep) {
                Tools.check(Path.of("/"), "rm", "-rf", work.toString());
            }
        }
    }

    private static void run(Path work, int rounds, Path jar) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "machine: %s, %s CPUs, %s; %s; %s%n",
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Tools.check(work, "uname", "-sr").strip(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                ZonedDateTime.now());
        System.out.println("installer JVM options (as ./pi-installer runs it): "
                + System.getProperty("pideploy.bench.installerJavaOpts", "(none)"));
        long t0 = System.nanoTime();
        Path image = work.resolve("image").resolve("pi-os-bench.img");
        if (!Files.exists(image)) {
            image = buildImage(work.resolve("image"));
        }
        System.out.printf(Locale.ROOT, "image built in %.0f s%n", seconds(t0));
        t0 = System.nanoTime();
        ZrangesPreparer.Prepared form = ZrangesPreparer.prepare(image, 3);
        System.out.printf(
                Locale.ROOT,
                "prepared in %.0f s: image %d bytes, mapped %d (%.1f %%), compressed %d " + "(%.1f %% of the image)%n",
                seconds(t0),
                form.imageSize(),
                form.mappedBytes(),
                100.0 * form.mappedBytes() / form.imageSize(),
                form.compressedBytes(),
                100.0 * form.compressedBytes() / form.imageSize());

        if (System.getProperty("pideploy.bench.only", "").equals("ceiling")) {
            for (long sync : List.of(256 * MIB, 64L << 30, 1024 * MIB, 256 * MIB, 64L << 30, 1024 * MIB)) {
                ceiling(work, form, sync);
            }
            return;
        }
        List<Run> runs = new ArrayList<>();
        Tools.check(work, "rm", "-rf", work.resolve("data").toString());
        ServerRig rig = new ServerRig(work.resolve("data"), image, "firstrun");
        ServerRig.pideploy(
                "pool",
                "import",
                "CORO",
                "--product",
                "KXP2",
                "--numbers",
                "6-99",
                "--data",
                work.resolve("data").toString());
        try (ServerRig server = rig.start();
                ContractFront front = new ContractFront(URI.create(server.deviceUrl())).serving(image, form)) {
            waitUntilQuiet();
            String base = front.url() + "/images/";
            String imageUrl = base + image.getFileName();
            String bmapUrl = base + form.bmap().getFileName();
            Tools.check(work, "sh", "-c", "cat '" + image + "' '" + form.data() + "' > /dev/null");
            Path card = work.resolve("card.img");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            int serial = 0;
            // Loopback unpaced (network nearly free), then paced like one gigabit link shared by the server.
            if (System.getProperty("pideploy.bench.only", "").equals("profile")) {
                timed(
                        work,
                        front,
                        card,
                        "installer --transfer auto (profile)",
                        installer(
                                java,
                                "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %3$s: %5$s%6$s%n",
                                "-jar",
                                jar.toString(),
                                "--server",
                                front.url(),
                                "--product",
                                "KXP2",
                                "--venue",
                                "CORO",
                                "--device",
                                card.toString(),
                                "--no-reboot",
                                "--serial",
                                "be4c4000000099",
                                "--transfer",
                                "auto"));
                return;
            }
            for (long pace : List.of(0L, GIGABIT)) {
                front.pacedTo(pace);
                String link = pace == 0 ? "loopback" : "1 Gbit/s";
                for (int round = 1; round <= rounds; round++) {
                    // The order rotates each round, so no contender always runs right after another's writeback.
                    for (int k = 0; k < 4; k++) {
                        int which = (k + round - 1) % 4;
                        String tag = " (" + link + ", round " + round + ")";
                        if (which < 2) {
                            String mode = which == 0 ? "raw" : "auto";
                            serial++;
                            runs.add(timed(
                                    work,
                                    front,
                                    card,
                                    "installer --transfer " + mode + tag,
                                    installer(
                                            java,
                                            "-jar",
                                            jar.toString(),
                                            "--server",
                                            front.url(),
                                            "--product",
                                            "KXP2",
                                            "--venue",
                                            "CORO",
                                            "--device",
                                            card.toString(),
                                            "--no-reboot",
                                            "--serial",
                                            "be4c40000000%02d".formatted(serial),
                                            "--transfer",
                                            mode)));
                        } else if (which == 2) {
                            runs.add(timed(
                                    work,
                                    front,
                                    card,
                                    "bmaptool copy --bmap" + tag,
                                    List.of("bmaptool", "-q", "copy", "--bmap", bmapUrl, imageUrl, card.toString())));
                        } else {
                            runs.add(timed(
                                    work,
                                    front,
                                    card,
                                    "curl | dd bs=4M conv=fsync" + tag,
                                    List.of(
                                            "sh",
                                            "-c",
                                            "curl -sSf '" + imageUrl + "' | dd of='" + card
                                                    + "' bs=4M iflag=fullblock conv=notrunc,fsync status=none")));
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println(
                "| what | exit | wall s | MB/s of image | bytes sent | % of image | CPU user s | CPU sys s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Run r : runs) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.0f | %,d | %.1f | %.1f | %.1f |%n",
                    r.name(),
                    r.exit(),
                    r.wall(),
                    IMAGE_SIZE / r.wall() / 1e6,
                    r.bytesSent(),
                    100.0 * r.bytesSent() / IMAGE_SIZE,
                    r.user(),
                    r.system());
        }
        System.out.println();
        System.out.println("Medians:");
        System.out.println("| link | what | wall s | bytes sent | % of image | CPU user+sys s |");
        System.out.println("|---|---|---|---|---|---|");
        for (String link : List.of("loopback", "1 Gbit/s")) {
            for (String what : List.of(
                    "installer --transfer raw",
                    "installer --transfer auto",
                    "bmaptool copy --bmap",
                    "curl | dd bs=4M conv=fsync")) {
                List<Run> mine = runs.stream()
                        .filter(r -> r.name().startsWith(what + " (" + link))
                        .toList();
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %.1f | %,d | %.1f | %.1f |%n",
                        link,
                        what,
                        median(mine.stream().map(Run::wall).toList()),
                        mine.getFirst().bytesSent(),
                        100.0 * mine.getFirst().bytesSent() / IMAGE_SIZE,
                        median(mine.stream().map(r -> r.user() + r.system()).toList()));
            }
        }
        ceiling(work, form, 256 * MIB);
    }

    /** The installer's command: java, the launcher's JVM options ({@code pideploy.bench.installerJavaOpts}), rest. */
    private static List<String> installer(String java, String... rest) {
        List<String> command = new ArrayList<>(List.of(java));
        String opts = System.getProperty("pideploy.bench.installerJavaOpts", "").strip();
        if (!opts.isEmpty()) {
            command.addAll(List.of(opts.split("\\s+")));
        }
        command.addAll(List.of(rest));
        return command;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Run timed(Path work, ContractFront front, Path card, String name, List<String> command)
            throws Exception {
        Files.deleteIfExists(card);
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(IMAGE_SIZE + 256 * MIB);
        }
        // Let the previous run's writeback settle, so each run starts from a quiet disk.
        Tools.check(work, "sync");
        Thread.sleep(5000);
        front.resetCounters();
        Path times = work.resolve("time.txt");
        List<String> timedCommand = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", times.toString()));
        timedCommand.addAll(command);
        Tools.Result result = Tools.run(work, timedCommand);
        String[] t = Files.readString(times)
                .strip()
                .lines()
                .reduce((a, b) -> b)
                .orElse("0 0 0")
                .split(" ");
        Run run = new Run(
                name,
                result.exitCode(),
                Double.parseDouble(t[0]),
                Double.parseDouble(t[1]),
                Double.parseDouble(t[2]),
                front.bytesSent());
        System.out.printf(
                Locale.ROOT,
                "%s: exit %d, %.1f s wall, %.1f s user, %.1f s sys, %,d bytes sent%n",
                name,
                run.exit(),
                run.wall(),
                run.user(),
                run.system(),
                run.bytesSent());
        if (result.exitCode() != 0) {
            System.out.println(result.output());
        } else {
            // -Dpideploy.bench.verbose=true shows the installer's own log (per-step timestamps) for tuning.
            result.output()
                    .lines()
                    .filter(l -> l.startsWith("done:") || Boolean.getBoolean("pideploy.bench.verbose"))
                    .forEach(l -> System.out.println("  " + l));
        }
        return run;
    }

    /**
     * The installer's decompress+hash+write pipeline alone: the data file streamed from the page cache instead of
     * the network, written to a fresh file target (with its flushes), then the per-segment read-back.
     */
    private static void ceiling(Path work, ZrangesPreparer.Prepared form, long syncEvery) throws Exception {
        Path card = work.resolve("ceiling.img");
        Files.deleteIfExists(card);
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(IMAGE_SIZE);
        }
        TransferForm offer = new TransferForm(
                TransferForm.ZSTD_RANGES_V1,
                "index",
                "data",
                form.indexSha256(),
                form.mappedBytes(),
                form.compressedBytes());
        DeploymentConfig config = new DeploymentConfig(
                "1",
                "bench",
                "KXP2",
                "CORO",
                "raw",
                form.imageSize(),
                form.imageSha256(),
                "bench",
                CustomizationMethod.FIRSTRUN,
                List.of(offer));
        LocalFiles local = new LocalFiles(form);
        RangedTransfer transfer = new RangedTransfer(
                local,
                Optional.of(new ZstdRangeCodec()),
                new PipelineSettings(4, syncEvery, Duration.ofSeconds(3), Duration.ofSeconds(30), 3),
                attempt -> Duration.ofMillis(100),
                Thread::sleep,
                InstantSource.system(),
                InstallObserver.none(),
                "benchmark");
        RangedTransfer.Plan plan =
                transfer.plan(config, TransferMode.ZSTD_RANGES).orElseThrow();
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = cpu.getProcessCpuTime();
        long t0 = System.nanoTime();
        RangedTransfer.Written written;
        // As the installer does it, through its target adapter: O_DIRECT writes where the target has them, each
        // flushed window read back (O_DIRECT) while later segments are written.
        TargetDevice target = new LinuxTargetDevice(card, Path.of("/"));
        try (FileChannel channel = target.openForWriting();
                CardWriter writer = new CardWriter(channel, target.openForDirectWriting());
                ReadBack readBack = target.openForReadBack()) {
            written = transfer.writeAndVerify(writer, readBack, IMAGE_SIZE, plan, (bytes, rate) -> {});
        }
        double writeSeconds = seconds(t0);
        double writeCpu = (cpu.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%nceiling (no network, flush every %d MiB): decompress+hash+write+read-back "
                        + "(O_DIRECT) of %,d mapped bytes from %,d compressed: %.2f s = %.0f MB/s mapped (%.0f MB/s "
                        + "of image), %.1f s CPU%n",
                syncEvery / MIB,
                written.mappedBytes(),
                form.compressedBytes(),
                writeSeconds,
                written.mappedBytes() / writeSeconds / 1e6,
                IMAGE_SIZE / writeSeconds / 1e6,
                writeCpu);
        Files.delete(card);
    }

    /** Serves the index and data file from disk (page cache): the network taken out. */
    private record LocalFiles(ZrangesPreparer.Prepared form) implements DeploymentServer {
        @Override
        public ServerReply<DeploymentConfig> requestConfig(ConfigRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerReply<String> reportStatus(StatusReport report) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerReply<byte[]> fetchIndex(String indexUrl) {
            try {
                return new ServerReply.Accepted<>(Files.readAllBytes(form.index()));
            } catch (IOException e) {
                return new ServerReply.Unreachable<>(e.toString());
            }
        }

        @Override
        public ServerReply<ImageStream> openImage(ImageRequest request) {
            try {
                FileChannel channel = FileChannel.open(form.data(), StandardOpenOption.READ);
                channel.position(request.firstByte());
                return new ServerReply.Accepted<>(new ImageStream() {
                    @Override
                    public int read(ByteBuffer dst) throws IOException {
                        return channel.read(dst);
                    }

                    @Override
                    public long firstByte() {
                        return request.firstByte();
                    }

                    @Override
                    public long imageSize() {
                        return form.compressedBytes();
                    }

                    @Override
                    public Optional<String> etag() {
                        return Optional.empty();
                    }

                    @Override
                    public boolean isOpen() {
                        return channel.isOpen();
                    }

                    @Override
                    public void close() throws IOException {
                        channel.close();
                    }
                });
            } catch (IOException e) {
                return new ServerReply.Unreachable<>(e.toString());
            }
        }
    }

    /** 4 GiB: MBR, FAT32 boot (256 MiB, a 48 MiB "kernel" and config files), ext4 root from real files. */
    private static Path buildImage(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path image = dir.resolve("pi-os-bench.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(IMAGE_SIZE);
        }
        Files.writeString(dir.resolve("layout.sfdisk"), """
                label: dos
                label-id: 0x5e3da3b1
                unit: sectors

                start=%d, size=%d, type=c
                start=%d, size=%d, type=83
                """.formatted(
                        BOOT_OFFSET / 512, BOOT_SIZE / 512, ROOT_OFFSET / 512, (IMAGE_SIZE - ROOT_OFFSET) / 512));
        Tools.check(dir, "sh", "-c", "sfdisk --no-reread --no-tell-kernel pi-os-bench.img < layout.sfdisk");
        Path boot = dir.resolve("boot.img");
        Tools.check(
                dir, "mkfs.vfat", "-C", "-F", "32", "-n", "bootfs", boot.toString(), String.valueOf(BOOT_SIZE / 1024));
        Files.writeString(dir.resolve("cmdline.txt"), pideploy.system.PiDiskImage.CMDLINE + "\n");
        Files.writeString(dir.resolve("config.txt"), "dtparam=audio=on\nauto_initramfs=1\narm_64bit=1\n");
        Path modules = Path.of(System.getProperty("java.home"), "lib", "modules");
        Tools.check(dir, "sh", "-c", "head -c " + 48 * MIB + " '" + modules + "' > kernel_2712.img");
        Tools.check(dir, "mcopy", "-i", boot.toString(), "cmdline.txt", "config.txt", "kernel_2712.img", "::/");
        Path tree = dir.resolve("rootfs");
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/hostname"), "raspberrypi\n", StandardCharsets.UTF_8);
        for (String source : ROOT_SOURCES) {
            Path to = tree.resolve(source.substring(1));
            Files.createDirectories(to.getParent());
            // Hard links: the same real files, no copying (same filesystem); mkfs.ext4 -d reads them.
            Tools.check(dir, "cp", "-al", source, to.toString());
        }
        Path root = dir.resolve("root.img");
        Tools.check(
                dir,
                "mkfs.ext4",
                "-q",
                "-F",
                "-L",
                "rootfs",
                "-d",
                tree.toString(),
                root.toString(),
                ((IMAGE_SIZE - ROOT_OFFSET) / 1024) + "k");
        Tools.check(
                dir,
                "dd",
                "if=boot.img",
                "of=pi-os-bench.img",
                "bs=4M",
                "seek=" + BOOT_OFFSET,
                "oflag=seek_bytes",
                "conv=notrunc,sparse",
                "status=none");
        Tools.check(
                dir,
                "dd",
                "if=root.img",
                "of=pi-os-bench.img",
                "bs=4M",
                "seek=" + ROOT_OFFSET,
                "oflag=seek_bytes",
                "conv=notrunc,sparse",
                "status=none");
        Files.delete(boot);
        Files.delete(root);
        Tools.check(dir, "rm", "-rf", tree.toString());
        return image;
    }

    /** Waits until this JVM (the server) is idle: registration may start background work. */
    private static void waitUntilQuiet() throws InterruptedException {
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < 600; i++) {
            long before = cpu.getProcessCpuTime();
            Thread.sleep(1000);
            if (cpu.getProcessCpuTime() - before < 100_000_000L) {
                return;
            }
        }
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .orElse("unknown CPU");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
