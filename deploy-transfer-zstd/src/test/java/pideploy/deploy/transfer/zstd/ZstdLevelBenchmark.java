package pideploy.deploy.transfer.zstd;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.transfer.InMemoryTransferFormRepository;
import pideploy.deploy.core.transfer.PrepareTransferForm;
import pideploy.deploy.core.transfer.Segment;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.RegisterImage;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.storage.fs.DirectoryImageStore;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BlockMapper;

/**
 * Chooses the zstd level of the transfer form (docs/adr/0026) by measurement. One command:
 * <pre>
 * mvn -q -pl deploy-transfer-zstd test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=pideploy.deploy.transfer.zstd.ZstdLevelBenchmark -Dexec.args=/tmp/zstd-bench
 * </pre>
 * Builds (once) a 2 GiB Pi-like image: MBR, 256 MiB FAT32 boot partition holding a kernel-sized file, ext4 root made
 * by {@code mkfs.ext4 -d} from copies of /usr/share and a JDK (about 1 GB of real files), the rest free. Then, for
 * each level, compresses every mapped 4 MiB segment on one thread and reports ratio and speeds; finally times the
 * whole preparation (block map, hashes, compression, files) at the default level on 1 and 2 threads.
 */
public final class ZstdLevelBenchmark {
    /** Speeds per level are CPU time of this thread, so other load on the machine does not distort them. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ZstdLevelBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/zstd-bench"));
        Path image = dir.resolve("pi-bench.img");
        if (!Files.exists(image)) {
            build(dir, image);
        }
        BlockMap map;
        try (FileChannel ch = FileChannel.open(image)) {
            map = BlockMapper.map(ch);
        }
        List<Segment> segments = Segment.split(map, Segment.MAX_BYTES);
        System.out.printf(
                Locale.ROOT,
                "image %d MiB, mapped %d MiB in %d segments; %s, %d cpus, %s%n",
                Files.size(image) >> 20,
                map.mappedBytes() >> 20,
                segments.size(),
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"));
        System.out.printf(
                Locale.ROOT,
                "load average at start: %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("level | compressed MiB | % of mapped | % of image | compress MB/s (1 thread, CPU time) | "
                + "decompress MB/s (zstd-jni, CPU time)");
        for (int level : new int[] {1, 3, 6, 9}) {
            measure(image, segments, map, level);
        }
        for (int threads : new int[] {1, 2}) {
            prepareAll(dir, image, threads);
        }
    }

    private static void measure(Path image, List<Segment> segments, BlockMap map, int level) throws IOException {
        ZstdSegmentCompressor zstd = new ZstdSegmentCompressor(level);
        long compressed = 0;
        long compressNanos = 0;
        long decompressNanos = 0;
        try (FileChannel ch = FileChannel.open(image)) {
            for (Segment s : segments) {
                byte[] raw = new byte[s.length()];
                ch.read(ByteBuffer.wrap(raw), s.offset());
                long t0 = CPU.getCurrentThreadCpuTime();
                byte[] frame = zstd.compress(raw, raw.length);
                long t1 = CPU.getCurrentThreadCpuTime();
                byte[] back = Zstd.decompress(frame, raw.length);
                long t2 = CPU.getCurrentThreadCpuTime();
                if (back.length != raw.length) {
                    throw new IllegalStateException("round trip failed at " + s.offset());
                }
                compressed += frame.length;
                compressNanos += t1 - t0;
                decompressNanos += t2 - t1;
            }
        }
        double mapped = map.mappedBytes();
        System.out.printf(
                Locale.ROOT,
                "%5d | %14.1f | %11.1f | %10.1f | %24.0f | %26.0f%n",
                level,
                compressed / 1048576.0,
                100 * compressed / mapped,
                100.0 * compressed / map.imageSize(),
                mapped / 1e6 / (compressNanos / 1e9),
                mapped / 1e6 / (decompressNanos / 1e9));
    }

    private static void prepareAll(Path dir, Path image, int threads) throws Exception {
        Path storeDir = dir.resolve("store-" + threads);
        if (Files.exists(storeDir)) {
            try (var files = Files.list(storeDir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        }
        DirectoryImageStore images = new DirectoryImageStore(storeDir);
        InMemoryFleetStore store = new InMemoryFleetStore();
        FleetFixtures.seed(store);
        MasterImage registered;
        try (InputStream in = Files.newInputStream(image)) {
            registered = ((ImageRegistration.Registered) new RegisterImage(store, images, Clock.systemUTC())
                            .register(new RegisterImageCommand(
                                    FleetFixtures.KXP2,
                                    ImageVersion.of("bench"),
                                    "pi.img",
                                    in,
                                    "",
                                    Optional.empty(),
                                    false)))
                    .image();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var forms = new InMemoryTransferFormRepository();
            long t0 = System.nanoTime();
            new PrepareTransferForm(store, images, forms, new ZstdSegmentCompressor(), pool, threads, Clock.systemUTC())
                    .prepare(registered);
            double seconds = (System.nanoTime() - t0) / 1e9;
            TransferForm form = forms.find(registered.fileName()).orElseThrow();
            var p = form.prepared().orElseThrow(() -> new IllegalStateException(form.reason()));
            System.out.printf(
                    Locale.ROOT,
                    "whole preparation (wall time, load %.1f), level %d, %d compression "
                            + "thread(s): %.1f s (%.0f MB/s of mapped data, %.0f MB/s of image), %d MiB -> %d MiB%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    ZstdSegmentCompressor.DEFAULT_LEVEL,
                    threads,
                    seconds,
                    p.mappedBytes() / 1e6 / seconds,
                    registered.sizeBytes() / 1e6 / seconds,
                    p.mappedBytes() >> 20,
                    p.compressedBytes() >> 20);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void build(Path dir, Path image) throws IOException, InterruptedException {
        sh(
                dir,
                "set -e\n"
                        + "rm -rf root boot.fat root.ext4\n"
                        + "truncate -s 2G " + image + "\n"
                        + "printf 'label: dos\\nstart=8192, size=524288, type=c\\nstart=532480, type=83\\n' | sfdisk --quiet "
                        + image + "\n"
                        + "mkfs.vfat -F 32 -n bootfs -C boot.fat 262144 >/dev/null\n"
                        + "head -c 9M /usr/lib/jvm/temurin-25-jdk-amd64/lib/modules > kernel8.img\n"
                        + "mcopy -i boot.fat kernel8.img ::kernel8.img\n"
                        + "mkdir -p root/usr/lib/jvm\n"
                        + "cp -a /usr/share root/usr/share\n"
                        + "cp -a /usr/lib/jvm/temurin-25-jdk-amd64 root/usr/lib/jvm/\n"
                        + "mkfs.ext4 -q -F -b 4096 -L rootfs -d root root.ext4 $(( (2048 - 260) * 1024 ))k\n"
                        + "dd if=boot.fat of=" + image + " bs=1M seek=4 conv=notrunc status=none\n"
                        + "dd if=root.ext4 of=" + image + " bs=1M seek=260 conv=notrunc status=none\n"
                        + "rm -rf root boot.fat root.ext4 kernel8.img\n");
    }

    private static void sh(Path dir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("building the benchmark image failed: " + out);
        }
    }
}
