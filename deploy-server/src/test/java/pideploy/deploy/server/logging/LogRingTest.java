package pideploy.deploy.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import pideploy.deploy.http.helidon.manage.RecentLogs;
import pideploy.deploy.http.helidon.manage.RecentLogs.Line;
import pideploy.deploy.http.helidon.manage.RecentLogs.Query;

class LogRingTest {
    private static LogRecord record(Level level, String message, Object... params) {
        LogRecord r = new LogRecord(level, message);
        r.setParameters(params);
        r.setLoggerName("pideploy.deploy.core.usecase.AnswerConfig");
        return r;
    }

    private static Query all(int limit) {
        return new Query(RecentLogs.Level.TRACE, Optional.empty(), limit);
    }

    @Test
    void keepsTheNewestLinesOnlyAndNumbersThemInOrder() {
        LogRing ring = new LogRing(3);
        for (int i = 1; i <= 5; i++) {
            ring.publish(record(Level.INFO, "line {0}", i));
        }

        List<Line> lines = ring.lines(all(10));

        assertThat(lines).extracting(Line::message).containsExactly("line 3", "line 4", "line 5");
        assertThat(lines).extracting(Line::sequence).containsExactly(3L, 4L, 5L);
        assertThat(lines.getFirst().logger()).isEqualTo("AnswerConfig");
    }

    @Test
    void filtersByLowestLevelAndBySerialIgnoringCaseAndGivesTheNewestUpToTheLimit() {
        LogRing ring = new LogRing(100);
        ring.publish(record(Level.FINE, "config: 10000000AAAA0001 asks"));
        ring.publish(record(Level.INFO, "config: {0} gets KXP2-CORO-001", "10000000aaaa0001"));
        ring.publish(record(Level.WARNING, "status: 10000000bbbb0002 refused"));
        ring.publish(record(Level.SEVERE, "status: 10000000aaaa0001 failed", new Object[0]));
        ring.publish(record(Level.INFO, "image: 10000000aaaa0001 downloads"));

        assertThat(ring.lines(new Query(RecentLogs.Level.WARNING, Optional.empty(), 10)))
                .extracting(Line::level)
                .containsExactly(RecentLogs.Level.WARNING, RecentLogs.Level.ERROR);
        assertThat(ring.lines(new Query(RecentLogs.Level.DEBUG, Optional.of("10000000aaaa0001"), 10)))
                .extracting(Line::message)
                .containsExactly(
                        "config: 10000000AAAA0001 asks",
                        "config: 10000000aaaa0001 gets KXP2-CORO-001",
                        "status: 10000000aaaa0001 failed",
                        "image: 10000000aaaa0001 downloads");
        assertThat(ring.lines(new Query(RecentLogs.Level.INFO, Optional.of("10000000aaaa0001"), 2)))
                .extracting(Line::message)
                .containsExactly("status: 10000000aaaa0001 failed", "image: 10000000aaaa0001 downloads");
    }

    @Test
    void keepsOneLineCutToTheLimitWithTheExceptionNamed() {
        LogRing ring = new LogRing(2);
        LogRecord r = record(Level.WARNING, "first\nsecond " + "x".repeat(3 * LogRing.MAX_MESSAGE));
        r.setThrown(new IllegalStateException("broken"));
        ring.publish(r);
        LogRecord small = record(Level.WARNING, "write failed");
        small.setThrown(new IllegalStateException("disk gone"));
        ring.publish(small);

        List<Line> lines = ring.lines(all(5));
        assertThat(lines.getFirst().message()).startsWith("first second ").doesNotContain("\n");
        assertThat(lines.getFirst().message()).hasSize(LogRing.MAX_MESSAGE + 1);
        assertThat(lines.get(1).message()).isEqualTo("write failed (IllegalStateException: disk gone)");
    }

    @Test
    void mapsJulLevelsToSystemLoggerNames() {
        assertThat(LogRing.level(Level.SEVERE)).isEqualTo(RecentLogs.Level.ERROR);
        assertThat(LogRing.level(Level.WARNING)).isEqualTo(RecentLogs.Level.WARNING);
        assertThat(LogRing.level(Level.INFO)).isEqualTo(RecentLogs.Level.INFO);
        assertThat(LogRing.level(Level.FINE)).isEqualTo(RecentLogs.Level.DEBUG);
        assertThat(LogRing.level(Level.FINEST)).isEqualTo(RecentLogs.Level.TRACE);
    }

    @Test
    void refusesAnEmptyRingAndAnUnknownLevelNamingTheAllowedOnes() {
        assertThatThrownBy(() -> new LogRing(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> RecentLogs.Level.parse("loud"))
                .hasMessageContaining("trace, debug, info, warning, error")
                .hasMessageContaining("loud");
    }
}
