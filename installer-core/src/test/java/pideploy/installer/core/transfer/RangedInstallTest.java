package pideploy.installer.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.installer.core.fixtures.CardFiles.read;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.core.fixtures.FileTargetDevice;
import pideploy.installer.core.fixtures.InMemoryDeploymentServer;
import pideploy.installer.core.fixtures.PiImageFixtures;
import pideploy.installer.core.fixtures.RecordingSleeper;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentStatus;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.StatusReport;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.port.TargetDevice;
import pideploy.installer.core.port.TransferIndex;
import pideploy.installer.core.workflow.InstallDevice;
import pideploy.installer.core.workflow.InstallOutcome;
import pideploy.installer.core.workflow.InstallRequest;
import pideploy.installer.core.workflow.InstallSettings;
import pideploy.installer.core.workflow.RetryPolicy;
import pideploy.installer.core.workflow.TransferSettings;

/** The install workflow on the block-mapped path, against an in-memory server offering the form. */
class RangedInstallTest {
    private static final long MIB = 1 << 20;
    private static final long CARD_SIZE = 32 * MIB;
    private static final TransferSettings TRANSFER =
            new TransferSettings(1 << 20, 3, 4 * MIB, Duration.ZERO, Duration.ofSeconds(1), 3);
    private static final RetryPolicy RETRY =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 5, Duration.ofSeconds(30), 3);

    @TempDir
    Path dir;

    private final byte[] image = PiImageFixtures.piImage();
    private final DeploymentConfig rawConfig = PiImageFixtures.configFor(image, CustomizationMethod.FIRSTRUN);
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<String> notes = new ArrayList<>();

    private RangedServer server() {
        RangedFormFixtures.Form form = RangedFormFixtures.build(image, dir, 256 * 1024);
        return new RangedServer(new InMemoryDeploymentServer(image, rawConfig), rawConfig, form);
    }

    private Path card(long size) throws IOException {
        Path card = dir.resolve("card.img");
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(size);
        }
        return card;
    }

    private InstallOutcome install(RangedServer server, Path card, TransferMode mode) {
        return install(server, new FileTargetDevice(card), mode);
    }

    private InstallOutcome install(RangedServer server, TargetDevice target, TransferMode mode) {
        InstallObserver observer = new InstallObserver() {
            @Override
            public void stepStarted(Step step, String detail) {}

            @Override
            public void progress(Step step, long done, long total, double rate) {}

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        InstallDevice installer = new InstallDevice(
                server,
                target,
                () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.empty()),
                () -> {},
                sleeper,
                InstantSource.system(),
                new SplittableRandom(7),
                observer,
                new InstallSettings(RETRY, TRANSFER, mode),
                Optional.of(RangedFormFixtures.codec()));
        return installer.install(new InstallRequest(
                "KXP2", "CORO", Optional.empty(), Optional.empty(), "http://server/api/status", true, false));
    }

    @Test
    void writesOnlyTheMappedSegmentsVerifiesThemAndWritesThePartitionTableLast() throws Exception {
        RangedServer server = server();
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = install(server, card, TransferMode.AUTO);

        TransferIndex index = RangedFormFixtures.build(image, dir, 256 * 1024).index();
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        InstallOutcome.Installed.class,
                        installed -> assertThat(installed.bytesWritten()).isEqualTo(index.mappedBytes()));
        assertThat(server.raw().imageRequests()).isEmpty();
        assertThat(server.dataRequests()).hasSize(1);
        assertThat(index.mappedBytes()).isLessThan(image.length);
        // Every mapped segment outside the boot partition (customized) and the head is the image's.
        long bootStart = PiImageFixtures.BOOT_FIRST_LBA * PiImageFixtures.SECTOR;
        long bootEnd = bootStart + PiImageFixtures.BOOT_SECTORS * PiImageFixtures.SECTOR;
        for (TransferIndex.Segment s : index.segments()) {
            if (s.offset() >= 4096 && (s.end() <= bootStart || s.offset() >= bootEnd)) {
                assertThat(read(card, s.offset(), (int) s.length()))
                        .isEqualTo(Arrays.copyOfRange(image, (int) s.offset(), (int) s.end()));
            }
        }
        PartitionTable table = PartitionTable.parseMbr(read(card, 0, 512));
        assertThat(table.lastPartition().orElseThrow().endByteExclusive()).isEqualTo(CARD_SIZE);
        List<StatusReport> reports = server.raw().reports();
        // Progress counts mapped bytes from the moment the transfer is chosen.
        assertThat(reports.subList(1, reports.size()))
                .allSatisfy(r -> assertThat(r.bytesTotal()).isEqualTo(index.mappedBytes()));
        assertThat(reports.getLast().status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(reports.getLast().bytesDone()).isEqualTo(index.mappedBytes());
    }

    @Test
    void aCorruptByteInTheServedDataFailsAtVerifyBeforeItReachesTheCard() throws Exception {
        RangedServer server = server().corruptDataAt(3 * MIB + 5);
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = install(server, card, TransferMode.AUTO);

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.TransferFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.VERIFY);
            assertThat(failed.reason()).contains("SHA-256").contains("served data is corrupt");
        });
        assertThat(read(card, 0, 512)).isEqualTo(new byte[512]);
        StatusReport last = server.raw().reports().getLast();
        assertThat(last.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(last.step()).contains(Step.VERIFY);
    }

    @Test
    void aCardThatDoesNotKeepASegmentFailsTheReadBackAndNeverGetsItsPartitionTable() throws Exception {
        RangedServer server = server();
        Path card = card(CARD_SIZE);
        TransferIndex index = RangedFormFixtures.build(image, dir, 256 * 1024).index();
        TransferIndex.Segment victim = index.segments().get(index.segments().size() / 2);
        long bad = victim.offset() + victim.length() / 2;
        // A card that loses a byte of one segment: its reads at that offset return a flipped byte.
        TargetDevice flaky = new FileTargetDevice(card) {
            @Override
            public ReadBack openForReadBack() throws IOException {
                ReadBack real = super.openForReadBack();
                return new ReadBack() {
                    @Override
                    public void readFully(ByteBuffer dst, long position) throws IOException {
                        int start = dst.position();
                        real.readFully(dst, position);
                        if (bad >= position && bad < position + (dst.position() - start)) {
                            int at = start + (int) (bad - position);
                            dst.put(at, (byte) (dst.get(at) ^ 0x5a));
                        }
                    }

                    @Override
                    public boolean bypassesPageCache() {
                        return real.bypassesPageCache();
                    }

                    @Override
                    public void close() throws IOException {
                        real.close();
                    }
                };
            }
        };

        InstallOutcome outcome = install(server, flaky, TransferMode.AUTO);

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.TransferFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.VERIFY);
            assertThat(failed.reason()).contains("read back at offset " + victim.offset());
        });
        assertThat(read(card, 0, 512)).isEqualTo(new byte[512]);
        StatusReport last = server.raw().reports().getLast();
        assertThat(last.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(last.step()).contains(Step.VERIFY);
    }

    @Test
    void resumesWithRangeFromTheFrameOfTheFirstSegmentNotReceivedWhole() throws Exception {
        RangedServer server = server().cutDataAfter(2 * MIB + 1234);
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = install(server, card, TransferMode.AUTO);

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        assertThat(server.dataRequests()).hasSize(2);
        long resumedAt = server.dataRequests().get(1).firstByte();
        TransferIndex index = RangedFormFixtures.build(image, dir, 256 * 1024).index();
        assertThat(index.segments()).anySatisfy(s -> {
            assertThat(s.zoffset()).isEqualTo(resumedAt);
            assertThat(s.zend()).isGreaterThan(2 * MIB + 1234);
        });
        assertThat(server.dataRequests().get(1).ifRange()).contains("\"data-1\"");
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("resuming with Range"));
    }

    @Test
    void takesTheRawImageWhenTheIndexDoesNotMatchItsChecksum() throws Exception {
        RangedServer server = server().servingIndex("tampered".getBytes(StandardCharsets.UTF_8));
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = install(server, card, TransferMode.AUTO);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        InstallOutcome.Installed.class,
                        installed -> assertThat(installed.bytesWritten()).isEqualTo(image.length));
        assertThat(server.dataRequests()).isEmpty();
        assertThat(server.raw().imageRequests()).isNotEmpty();
        assertThat(notes)
                .anySatisfy(n -> assertThat(n).contains("taking the raw image").contains("SHA-256"));
    }

    @Test
    void failsAtWriteWhenTheRangedFormIsDemandedButTheIndexIsBad() throws Exception {
        RangedServer server = server().servingIndex("tampered".getBytes(StandardCharsets.UTF_8));
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = install(server, card, TransferMode.ZSTD_RANGES);

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.TransferFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.WRITE);
            assertThat(failed.reason()).contains("--transfer zstd-ranges cannot be used");
        });
        assertThat(server.raw().imageRequests()).isEmpty();
    }

    @Test
    void rawModeIgnoresTheOfferedForm() throws Exception {
        RangedServer server = server();
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = install(server, card, TransferMode.RAW);

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        assertThat(server.indexFetches()).isZero();
        assertThat(server.dataRequests()).isEmpty();
    }
}
