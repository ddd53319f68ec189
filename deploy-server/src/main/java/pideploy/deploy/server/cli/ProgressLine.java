package pideploy.deploy.server.cli;

import java.io.PrintWriter;
import java.util.Locale;
import pideploy.deploy.core.usecase.RegistrationProgress;

/**
 * The registration's progress on standard error: one line when a phase starts, then one every
 * {@value #EVERY_NANOS} ns, so a terminal, a log file and a CI transcript all read well (no carriage returns).
 */
final class ProgressLine implements RegistrationProgress {
    private static final long EVERY_NANOS = 2_000_000_000L;
    private final PrintWriter err;
    private final long fileBytes;
    private Phase phase;
    private long lastNanos;

    ProgressLine(PrintWriter err, long fileBytes) {
        this.err = err;
        this.fileBytes = fileBytes;
    }

    @Override
    public void update(Phase now, long inputBytes, long imageBytes) {
        long nanos = System.nanoTime();
        if (now == phase && nanos - lastNanos < EVERY_NANOS) {
            return;
        }
        phase = now;
        lastNanos = nanos;
        String line = switch (now) {
            case DECOMPRESSING ->
                "decompressing: %s of the file read (%s of %s), %s of image hashed and stored"
                        .formatted(percent(inputBytes), size(inputBytes), size(fileBytes), size(imageBytes));
            case HASHING ->
                "hashing: %s (%s of %s) hashed and stored"
                        .formatted(percent(inputBytes), size(inputBytes), size(fileBytes));
            case SHRINKING ->
                "shrinking: checking and shrinking the root filesystem of the %s image".formatted(size(imageBytes));
            case INSPECTING -> "inspecting: %s image stored, reading its boot partition".formatted(size(imageBytes));
        };
        err.println(line);
        err.flush();
    }

    private String percent(long done) {
        return fileBytes <= 0 ? "?%" : (done * 100 / fileBytes) + "%";
    }

    static String size(long bytes) {
        if (bytes < 1 << 20) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1L << 30) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
