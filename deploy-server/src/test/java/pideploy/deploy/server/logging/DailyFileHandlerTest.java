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
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
        DailyFileHandler h = new DailyFileHandler(dir, 3, clock);
        LogRecord r = new LogRecord(Level.INFO, "config: serial={0} -> {1}");
        r.setParameters(new Object[] {"10000000abcdef01", "KXP2-CORO-001"});
        r.setLoggerName("pideploy.deploy.http.helidon.device.DeviceApi");
        h.publish(r);
        h.close();
        String today = Files.readString(h.file(LocalDate.parse("2026-11-26")));
        assertThat(today).contains("INFO").contains("DeviceApi: config: serial=10000000abcdef01 -> KXP2-CORO-001")
                .endsWith(System.lineSeparator());
        assertThat(dir.resolve("pideploy-2026-11-01.log")).doesNotExist();
        assertThat(dir.resolve("pideploy-2026-11-24.log")).exists();
        assertThat(dir.resolve("notes.txt")).exists();
    }
}
