package pideploy.deploy.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyFileHandlerTest {
    @TempDir
    Path dir;

    @Test
    void writesOneLinePerRecordIntoTodaysFileAndPrunesOldDays() throws Exception {
        Files.writeString(dir.resolve("pideploy-2026-11-01.log"), "old\n");
        Files.writeString(dir.resolve("pideploy-2026-11-24.log"), "recent\n");
        Files.writeString(dir.resolve("notes.txt"), "keep\n");
        Files.writeString(dir.resolve("pideploy-2026-11-01.1.log"), "old part\n");
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
        DailyFileHandler h = new DailyFileHandler(dir, 3, 1 << 20, clock);
        LogRecord r = new LogRecord(Level.INFO, "config: serial={0} -> {1}");
        r.setParameters(new Object[] {"10000000abcdef01", "KXP2-CORO-001"});
        r.setLoggerName("pideploy.deploy.http.helidon.device.DeviceApi");
        h.publish(r);
        h.close();
        String today = Files.readString(h.file(LocalDate.parse("2026-11-26")));
        assertThat(today)
                .contains("INFO")
                .contains("DeviceApi: config: serial=10000000abcdef01 -> KXP2-CORO-001")
                .endsWith(System.lineSeparator());
        assertThat(dir.resolve("pideploy-2026-11-01.log")).doesNotExist();
        assertThat(dir.resolve("pideploy-2026-11-01.1.log")).doesNotExist();
        assertThat(dir.resolve("pideploy-2026-11-24.log")).exists();
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void aDayThatOutgrowsTheSizeLimitContinuesInNumberedFiles() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
        DailyFileHandler h = new DailyFileHandler(dir, 3, 10_000, clock);
        for (int i = 0; i < 300; i++) {
            h.publish(record("flood line " + i + " " + "x".repeat(60)));
        }
        h.close();
        LocalDate day = LocalDate.parse("2026-11-26");
        assertThat(Files.size(h.file(day))).isLessThanOrEqualTo(10_000);
        assertThat(Files.size(dir.resolve("pideploy-2026-11-26.1.log"))).isLessThanOrEqualTo(10_000);
        assertThat(Files.readString(h.file(day))).contains("flood line 0 ");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("pideploy-2026-11-26"))
                            .count())
                    .isGreaterThan(2);
        }

        // a restart the same day appends to the newest part, not to the first file
        DailyFileHandler again = new DailyFileHandler(dir, 3, 10_000, clock);
        again.publish(record("after restart"));
        again.close();
        assertThat(Files.readString(h.file(day))).doesNotContain("after restart");
    }

    private static LogRecord record(String message) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setLoggerName("pideploy.test");
        return r;
    }
}
