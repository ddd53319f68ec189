package pideploy.installer.cli;

import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.Locale;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.Step;

/**
 * Shows an installation on the console: on a terminal a live progress line rewritten in place; otherwise (a serial
 * console log, a pipe, a test) one plain line per step and a progress line every few seconds. Log lines go to the same
 * terminal from other threads: {@link #clearProgressLine()} runs before each ({@link ProgressAwareLogHandler}), so a
 * log line starts at the beginning of a clean line and the next progress line is drawn below it. Methods are
 * synchronized for that reason.
 */
final class ConsoleObserver implements InstallObserver {
    private static final long MIB = 1 << 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final InstantSource clock;
    private final long plainIntervalMillis;
    private long lastPrinted;
    private boolean lineOpen;

    ConsoleObserver(PrintWriter out, boolean terminal, InstantSource clock, long plainIntervalMillis) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.plainIntervalMillis = plainIntervalMillis;
    }

    @Override
    public synchronized void stepStarted(Step step, String detail) {
        endLine();
        out.printf("[%s] %s%n", step.wireName(), detail);
        out.flush();
        lastPrinted = clock.millis();
    }

    @Override
    public synchronized void stepResult(Step step, String detail) {
        stepStarted(step, detail);
    }

    @Override
    public synchronized void progress(Step step, long bytesDone, long bytesTotal, double bytesPerSecond) {
        long now = clock.millis();
        long interval = terminal ? 200 : plainIntervalMillis;
        if (now - lastPrinted < interval && bytesDone < bytesTotal) {
            return;
        }
        lastPrinted = now;
        String line = String.format(
                Locale.ROOT,
                "[%s] %,d / %,d MiB (%d%%)%s",
                step.wireName(),
                bytesDone / MIB,
                bytesTotal / MIB,
                bytesTotal == 0 ? 100 : bytesDone * 100 / bytesTotal,
                rateAndEta(bytesDone, bytesTotal, bytesPerSecond));
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /**
     * Rate in MiB/s, the unit the sizes are in, and the time left at that rate; nothing before a rate is known, and
     * no time left once done.
     */
    static String rateAndEta(long bytesDone, long bytesTotal, double bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            return "";
        }
        String rate = String.format(Locale.ROOT, "  %.1f MiB/s", bytesPerSecond / MIB);
        if (bytesDone >= bytesTotal) {
            return rate;
        }
        long seconds = (long) Math.ceil((bytesTotal - bytesDone) / bytesPerSecond);
        String eta = seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        return rate + "  ETA " + eta;
    }

    @Override
    public synchronized void note(String message) {
        endLine();
        out.println("  " + message);
        out.flush();
    }

    /** Wipes an open progress line, so that what is written next to the terminal starts on a clean line. */
    synchronized void clearProgressLine() {
        if (lineOpen) {
            out.print("\r\u001b[K");
            out.flush();
            lineOpen = false;
        }
    }

    synchronized void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
