package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import pideploy.installer.core.port.Step;

class ConsoleObserverTest {
    private static final long MIB = 1 << 20;
    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong();
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    @Test
    void onATerminalRewritesOneProgressLineInPlace() {
        ConsoleObserver console = new ConsoleObserver(new PrintWriter(text), true, clock, 5_000);

        console.stepStarted(Step.WRITE, "image 1.0, 100 MiB");
        now.addAndGet(300);
        console.progress(Step.WRITE, 10 * MIB, 100 * MIB, 23.4e6);
        now.addAndGet(300);
        console.progress(Step.WRITE, 20 * MIB, 100 * MIB, 23.4e6);
        console.stepStarted(Step.VERIFY, "100 MiB");

        assertThat(text.toString())
                .isEqualTo("[write] image 1.0, 100 MiB\n"
                        + "\r[write] 10 / 100 MiB (10%)  22.3 MiB/s  ETA 0:05\u001b[K"
                        + "\r[write] 20 / 100 MiB (20%)  22.3 MiB/s  ETA 0:04\u001b[K\n"
                        + "[verify] 100 MiB\n");
    }

    @Test
    void elsewherePrintsPlainLinesEveryFewSecondsAndTheLast() {
        ConsoleObserver console = new ConsoleObserver(new PrintWriter(text), false, clock, 5_000);

        console.stepStarted(Step.WRITE, "image");
        now.addAndGet(1_000);
        console.progress(Step.WRITE, 10 * MIB, 100 * MIB, 50e6);
        now.addAndGet(5_000);
        console.progress(Step.WRITE, 60 * MIB, 100 * MIB, 50e6);
        now.addAndGet(1_000);
        console.progress(Step.WRITE, 100 * MIB, 100 * MIB, 50e6);

        assertThat(text.toString().lines())
                .containsExactly(
                        "[write] image",
                        "[write] 60 / 100 MiB (60%)  47.7 MiB/s  ETA 0:01",
                        "[write] 100 / 100 MiB (100%)  47.7 MiB/s");
    }

    @Test
    void theRateIsInMibPerSecondLikeTheSizesAndTheEtaCountsHoursWhenNeeded() {
        assertThat(ConsoleObserver.rateAndEta(0, 8L * 1024 * MIB, 2 * MIB)).isEqualTo("  2.0 MiB/s  ETA 1:08:16");
        assertThat(ConsoleObserver.rateAndEta(MIB, 61 * MIB, MIB)).isEqualTo("  1.0 MiB/s  ETA 1:00");
        assertThat(ConsoleObserver.rateAndEta(0, MIB, 0)).isEmpty();
    }

    @Test
    void aLogLineOnTheTerminalWipesTheProgressLineAndTheNextProgressIsDrawnBelowIt() {
        ConsoleObserver console = new ConsoleObserver(new PrintWriter(text, true), true, clock, 5_000);
        Handler sameTerminal = new Handler() {
            @Override
            public void publish(LogRecord record) {
                text.append("LOG ").append(record.getMessage()).append('\n');
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        ProgressAwareLogHandler handler = new ProgressAwareLogHandler(sameTerminal, console);

        console.stepStarted(Step.WRITE, "image");
        now.addAndGet(300);
        console.progress(Step.WRITE, 10 * MIB, 100 * MIB, 0);
        handler.publish(new LogRecord(Level.WARNING, "connection dropped, resuming at 10485760"));
        now.addAndGet(300);
        console.progress(Step.WRITE, 20 * MIB, 100 * MIB, 0);
        console.endLine();

        assertThat(text.toString())
                .isEqualTo("[write] image\n"
                        + "\r[write] 10 / 100 MiB (10%)\u001b[K"
                        + "\r\u001b[K"
                        + "LOG connection dropped, resuming at 10485760\n"
                        + "\r[write] 20 / 100 MiB (20%)\u001b[K\n");
    }

    @Test
    void installingTheHandlerWrapsTheRootHandlersAndRestoringPutsThemBack() {
        Logger root = Logger.getLogger("");
        List<Handler> before = List.of(root.getHandlers());
        Runnable restore = ProgressAwareLogHandler.install(new ConsoleObserver(new PrintWriter(text), true, clock, 0));
        try {
            assertThat(root.getHandlers()).hasSameSizeAs(before).allMatch(h -> h instanceof ProgressAwareLogHandler);
        } finally {
            restore.run();
        }
        assertThat(root.getHandlers()).containsExactlyElementsOf(before);
    }
}
