package pideploy.installer.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.installer.core.fixtures.CardFiles.read;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pideploy.installer.core.fixtures.FaultyTargetDevice;
import pideploy.installer.core.fixtures.InMemoryDeploymentServer;
import pideploy.installer.core.fixtures.PiImageFixtures;
import pideploy.installer.core.fixtures.RecordingSleeper;
import pideploy.installer.core.fixtures.ThreadFault;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentStatus;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.RangeCodec;
import pideploy.installer.core.port.StatusReport;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.port.TransferIndex;
import pideploy.installer.core.workflow.InstallDevice;
import pideploy.installer.core.workflow.InstallOutcome;
import pideploy.installer.core.workflow.InstallRequest;
import pideploy.installer.core.workflow.InstallSettings;
import pideploy.installer.core.workflow.RetryPolicy;
import pideploy.installer.core.workflow.TransferSettings;

/**
 * An {@link Error} (not an Exception: a native library that does not load, memory running out, a class missing from
 * a trimmed runtime) thrown in any stage of the raw or the ranged transfer ends the run as a failed install naming
 * the error, and leaves no thread behind and the card without a partition table. The timeout only turns a hang
 * into a failure.
 */
class PipelineErrorTest {
    private static final long MIB = 1 << 20;
    private static final long CARD_SIZE = 32 * MIB;
    private static final TransferSettings TRANSFER =
            new TransferSettings(1 << 20, 3, 4 * MIB, Duration.ZERO, Duration.ofSeconds(1), 3);
    private static final RetryPolicy RETRY =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 5, Duration.ofSeconds(30), 3);

    /** Where the error comes from: which fake throws it. */
    enum Seam {
        IMAGE_STREAM,
        DATA_STREAM,
        SHA256,
        CARD,
        NEW_DECODER,
        DECODE,
        WRITE_PROGRESS,
        VERIFY_PROGRESS
    }

    @TempDir
    Path dir;

    private final byte[] image = PiImageFixtures.piImage();
    private final DeploymentConfig rawConfig = PiImageFixtures.configFor(image, CustomizationMethod.FIRSTRUN);

    static Stream<Arguments> stages() {
        return Stream.of(
                stage(TransferMode.RAW, "reader", Seam.IMAGE_STREAM, "", PipelineErrorTest::noLibpthread),
                stage(TransferMode.RAW, "hasher", Seam.SHA256, "pideploy-hash", PipelineErrorTest::outOfMemory),
                stage(TransferMode.RAW, "writer", Seam.CARD, "pideploy-write", PipelineErrorTest::assertion),
                stage(TransferMode.RAW, "flusher", Seam.CARD, "pideploy-flush", PipelineErrorTest::outOfMemory),
                stage(TransferMode.RAW, "watch", Seam.WRITE_PROGRESS, "", PipelineErrorTest::noClassDef),
                stage(
                        TransferMode.RAW,
                        "read-back reader",
                        Seam.CARD,
                        "pideploy-verify-read",
                        PipelineErrorTest::noLibpthread),
                stage(TransferMode.RAW, "read-back progress", Seam.VERIFY_PROGRESS, "", PipelineErrorTest::noClassDef),
                stage(TransferMode.ZSTD_RANGES, "reader", Seam.DATA_STREAM, "", PipelineErrorTest::outOfMemory),
                stage(TransferMode.ZSTD_RANGES, "decoder start", Seam.NEW_DECODER, "", PipelineErrorTest::noLibpthread),
                stage(TransferMode.ZSTD_RANGES, "decoder", Seam.DECODE, "", PipelineErrorTest::noClassDef),
                stage(
                        TransferMode.ZSTD_RANGES,
                        "checker",
                        Seam.SHA256,
                        "pideploy-zcheck",
                        PipelineErrorTest::assertion),
                stage(TransferMode.ZSTD_RANGES, "writer", Seam.CARD, "pideploy-zwrite", PipelineErrorTest::outOfMemory),
                stage(TransferMode.ZSTD_RANGES, "flusher", Seam.CARD, "pideploy-zflush", PipelineErrorTest::assertion),
                stage(
                        TransferMode.ZSTD_RANGES,
                        "read-back hasher",
                        Seam.SHA256,
                        "pideploy-zverify",
                        PipelineErrorTest::outOfMemory),
                stage(
                        TransferMode.ZSTD_RANGES,
                        "read-back reader",
                        Seam.CARD,
                        "pideploy-zverify-read",
                        PipelineErrorTest::noLibpthread),
                stage(TransferMode.ZSTD_RANGES, "watch", Seam.WRITE_PROGRESS, "", PipelineErrorTest::noClassDef));
    }

    private static Arguments stage(TransferMode mode, String stage, Seam seam, String thread, Supplier<Error> error) {
        return Arguments.of(mode, stage, seam, thread, error);
    }

    private static Error noLibpthread() {
        return new UnsatisfiedLinkError("/tmp/libzstd-jni-1.5.6-4.so: libpthread.so.0: cannot open shared object file");
    }

    private static Error outOfMemory() {
        return new OutOfMemoryError("Cannot reserve 4194304 bytes of direct buffer memory");
    }

    private static Error noClassDef() {
        return new NoClassDefFoundError("com/github/luben/zstd/ZstdDecompressCtx");
    }

    private static Error assertion() {
        return new AssertionError("a broken invariant");
    }

    @ParameterizedTest(name = "{0} path, {1}")
    @MethodSource("stages")
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anErrorInAnyStageFailsTheRunWithItsReasonAndLeavesNoThreadNorPartitionTable(
            TransferMode mode, String stage, Seam seam, String thread, Supplier<Error> error) throws Exception {
        RangedFormFixtures.Form form = RangedFormFixtures.build(image, dir, 256 * 1024);
        RangedServer server = new RangedServer(new InMemoryDeploymentServer(image, rawConfig), rawConfig, form);
        long middle = 5 * MIB;
        switch (seam) {
            case IMAGE_STREAM -> server.raw().throwAfter(middle, error);
            case DATA_STREAM -> server.throwInDataAfter(form.index().compressedBytes() / 2, error);
            default -> {}
        }
        ThreadFault fault = new ThreadFault(thread, error);
        Path card = card();
        Set<Thread> before = pipelineThreads();

        InstallOutcome outcome;
        try (AutoCloseable sha256 = seam == Seam.SHA256 ? FaultySha256.install(fault) : () -> {}) {
            outcome = installer(
                            server,
                            new FaultyTargetDevice(card, seam == Seam.CARD ? fault : ThreadFault.none()),
                            codec(seam, error),
                            observer(seam, error),
                            mode)
                    .install(new InstallRequest(
                            "KXP2",
                            "CORO",
                            Optional.empty(),
                            Optional.empty(),
                            "http://127.0.0.1:5001/api/status",
                            true,
                            false));
        }

        String named = error.get().toString();
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        InstallOutcome.TransferFailed.class,
                        failed -> assertThat(failed.reason()).contains(named));
        StatusReport last = server.raw().reports().getLast();
        assertThat(last.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(last.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains(named));
        assertThat(read(card, 0, 4096)).isEqualTo(new byte[4096]);
        // A thread left waiting on a queue would make this join, and so the test, run into the timeout.
        for (Thread left : pipelineThreads()) {
            if (!before.contains(left)) {
                left.join();
            }
        }
    }

    private InstallDevice installer(
            RangedServer server,
            FaultyTargetDevice target,
            RangeCodec codec,
            InstallObserver observer,
            TransferMode mode) {
        return new InstallDevice(
                server,
                target,
                () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.empty()),
                () -> {},
                new RecordingSleeper(),
                InstantSource.system(),
                new SplittableRandom(7),
                observer,
                new InstallSettings(RETRY, TRANSFER, mode),
                Optional.of(codec));
    }

    /** The fixtures' codec, or one whose decoder cannot be made or fails on the first frame. */
    private static RangeCodec codec(Seam seam, Supplier<Error> error) {
        RangeCodec real = RangedFormFixtures.codec();
        return new RangeCodec() {
            @Override
            public TransferIndex parseIndex(byte[] json) {
                return real.parseIndex(json);
            }

            @Override
            public FrameDecoder newDecoder() {
                if (seam == Seam.NEW_DECODER) {
                    throw error.get();
                }
                FrameDecoder decoder = real.newDecoder();
                return new FrameDecoder() {
                    @Override
                    public int decode(ByteBuffer src, ByteBuffer dst) {
                        if (seam == Seam.DECODE) {
                            throw error.get();
                        }
                        return decoder.decode(src, dst);
                    }

                    @Override
                    public void close() {
                        decoder.close();
                    }
                };
            }
        };
    }

    /** An observer that throws from the write step's or the verify step's progress. */
    private static InstallObserver observer(Seam seam, Supplier<Error> error) {
        return new InstallObserver() {
            @Override
            public void stepStarted(Step step, String detail) {}

            @Override
            public void progress(Step step, long done, long total, double rate) {
                if (seam == Seam.WRITE_PROGRESS && step == Step.WRITE
                        || seam == Seam.VERIFY_PROGRESS && step == Step.VERIFY) {
                    throw error.get();
                }
            }

            @Override
            public void note(String message) {}
        };
    }

    private Path card() throws IOException {
        Path card = dir.resolve("card.img");
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(CARD_SIZE);
        }
        return card;
    }

    private static Set<Thread> pipelineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("pideploy-"))
                .collect(Collectors.toSet());
    }
}
