package pideploy.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * ADR-0004 at run time: with every module's runtime dependencies on the class path (as this module has them), our
 * {@code System.Logger} calls and the libraries' SLF4J calls both end up in java.util.logging, which the composition
 * roots configure. A jar that re-routes {@code System.Logger} elsewhere (e.g. {@code slf4j-jdk-platform-logging},
 * which sends it into SLF4J) would silently drop our log lines.
 */
class LoggingBackendTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
            records.add(logRecord);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureJavaUtilLogging() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void systemLoggerRecordsReachJavaUtilLogging() {
        System.getLogger("pideploy.architecture.probe").log(System.Logger.Level.WARNING, "system-logger probe");

        assertThat(records)
                .as(
                        "java.util.logging records after a System.Logger warning; System.LoggerFinder is %s. Remove "
                                + "the jar that provides it from the runtime dependencies (ADR-0004)",
                        System.LoggerFinder.getLoggerFinder().getClass().getName())
                .extracting(LogRecord::getMessage)
                .contains("system-logger probe");
    }

    @Test
    void slf4jRecordsOfLibrariesReachJavaUtilLogging() {
        LoggerFactory.getLogger("pideploy.architecture.probe").warn("slf4j probe");

        assertThat(records)
                .as(
                        "java.util.logging records after an SLF4J warning (HikariCP and Flyway log through SLF4J); "
                                + "SLF4J is bound to %s. The server needs the provider org.slf4j:slf4j-jdk14 at run time "
                                + "(ADR-0004)",
                        LoggerFactory.getILoggerFactory().getClass().getName())
                .extracting(LogRecord::getMessage)
                .contains("slf4j probe");
    }
}
