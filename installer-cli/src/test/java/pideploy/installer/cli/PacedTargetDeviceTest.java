package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.installer.core.fixtures.PiImageFixtures.configFor;
import static pideploy.installer.core.fixtures.PiImageFixtures.piImage;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.installer.core.fixtures.FileTargetDevice;
import pideploy.installer.core.fixtures.InMemoryDeploymentServer;
import pideploy.installer.core.fixtures.RecordingSleeper;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.Sleeper;
import pideploy.installer.core.workflow.InstallDevice;
import pideploy.installer.core.workflow.InstallOutcome;
import pideploy.installer.core.workflow.InstallRequest;
import pideploy.installer.core.workflow.InstallSettings;
import pideploy.installer.core.workflow.TransferSettings;

class PacedTargetDeviceTest {
    private static final long RATE = 1 << 20;

    @TempDir
    Path dir;

    /** A clock that moves only when the pace waits: the pacing is measured in bytes and waits, not wall time. */
    private final AtomicLong now = new AtomicLong(1_000_000);

    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private final Sleeper advancing = d -> {
        waits.add(d);
        now.addAndGet(d.toMillis());
    };
    private final CardPace pace = new CardPace(RATE, () -> java.time.Instant.ofEpochMilli(now.get()), advancing);

    @Test
    void aWholeInstallOnAPacedCardWaitsAsLongAsItsBytesTakeAtTheRate() throws Exception {
        byte[] image = piImage();
        InMemoryDeploymentServer server =
                new InMemoryDeploymentServer(image, configFor(image, CustomizationMethod.FIRSTRUN));
        Path file = dir.resolve("card.img");
        try (RandomAccessFile card = new RandomAccessFile(file.toFile(), "rw")) {
            card.setLength(image.length + (4L << 20));
        }
        InstallDevice installer = new InstallDevice(
                server,
                new PacedTargetDevice(new FileTargetDevice(file), pace),
                () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.empty()),
                () -> {},
                new RecordingSleeper(),
                InstantSource.system(),
                new SplittableRandom(1),
                InstallObserver.none(),
                new InstallSettings(
                        pideploy.installer.core.workflow.RetryPolicy.DEFAULT,
                        new TransferSettings(1 << 20, 3, 8 << 20, Duration.ofSeconds(3), Duration.ofSeconds(30), 2)));

        InstallOutcome outcome = installer.install(new InstallRequest(
                "KXP2", "CORO", Optional.empty(), Optional.empty(), "http://127.0.0.1:5001/api/status", true, false));

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        // Every image byte is written and read back through the pace, plus the zeroed ends and the customization.
        assertThat(pace.bytes()).isGreaterThanOrEqualTo(2L * image.length);
        // The clock moves only by the pace's waits, so they add up to exactly the time the bytes take at the rate.
        long waited = waits.stream().mapToLong(Duration::toMillis).sum();
        assertThat(waited).isEqualTo(pace.bytes() * 1000 / RATE);
        // In pieces: no single wait covers more than a few 64 KiB pieces, so progress moves smoothly.
        assertThat(waits)
                .allSatisfy(w -> assertThat(w.toMillis()).isLessThanOrEqualTo(4 * CardPace.PIECE * 1000 / RATE));
        assertThat(Files.readAllBytes(file)).startsWith(java.util.Arrays.copyOf(image, 446));
    }

    @Test
    void onAPacedCardTheWriteProgressAdvancesInManySmallStepsInsteadOfOneJump() throws Exception {
        byte[] image = piImage();
        InMemoryDeploymentServer server =
                new InMemoryDeploymentServer(image, configFor(image, CustomizationMethod.FIRSTRUN));
        Path file = dir.resolve("card.img");
        try (RandomAccessFile card = new RandomAccessFile(file.toFile(), "rw")) {
            card.setLength(image.length + (4L << 20));
        }
        List<Long> written = Collections.synchronizedList(new ArrayList<>());
        InstallObserver observer = new InstallObserver() {
            @Override
            public void stepStarted(pideploy.installer.core.port.Step step, String detail) {}

            @Override
            public void note(String message) {}

            @Override
            public void progress(pideploy.installer.core.port.Step step, long done, long total, double rate) {
                if (step == pideploy.installer.core.port.Step.WRITE) {
                    written.add(done);
                }
            }
        };
        // The real clock and sleeps: 16 MiB/s makes the write take at least a second, progress is looked at 4 times
        // a second; without the pace the whole image lands at once.
        CardPace real = new CardPace(16 << 20, InstantSource.system(), Sleeper.system());
        InstallDevice installer = new InstallDevice(
                server,
                new PacedTargetDevice(new FileTargetDevice(file), real),
                () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.empty()),
                () -> {},
                new RecordingSleeper(),
                InstantSource.system(),
                new SplittableRandom(1),
                observer,
                new InstallSettings(
                        pideploy.installer.core.workflow.RetryPolicy.DEFAULT,
                        new TransferSettings(1 << 20, 3, 8 << 20, Duration.ofSeconds(3), Duration.ofSeconds(30), 2)));

        InstallOutcome outcome = installer.install(new InstallRequest(
                "KXP2", "CORO", Optional.empty(), Optional.empty(), "http://127.0.0.1:5001/api/status", true, false));

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        List<Long> between = written.stream()
                .filter(b -> b > 0 && b < image.length)
                .distinct()
                .toList();
        assertThat(between).hasSizeGreaterThanOrEqualTo(3).isSorted();
    }

    @Test
    void waitsOnlyWhenBytesRunAheadOfTheRate() throws Exception {
        pace.take(RATE / 2);
        now.addAndGet(2000);
        pace.take(RATE / 2);

        // Half a second's bytes first (due at 0.5 s, now 0 s: wait 500 ms), then the clock is ahead: no wait.
        assertThat(waits).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void theRateOptionTakesKibAndMibAndRefusesNonsense() {
        assertThat(CardPace.parseRate("640K")).isEqualTo(640 * 1024);
        assertThat(CardPace.parseRate("2M")).isEqualTo(2 << 20);
        assertThat(CardPace.parseRate("5000")).isEqualTo(5000);
        assertThatThrownBy(() -> CardPace.parseRate("fast"))
                .hasMessageContaining("--card-rate")
                .hasMessageContaining("'fast'");
        assertThatThrownBy(() -> CardPace.parseRate("0K")).hasMessageContaining("--card-rate");
    }
}
