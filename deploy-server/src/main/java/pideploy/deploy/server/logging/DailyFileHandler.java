package pideploy.deploy.server.logging;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Writes {@code pideploy-YYYY-MM-DD.log} (UTC days) in a directory, switching files at midnight and deleting files
 * older than the retention. JUL's FileHandler rotates by size only, and operators of the old system expect one file
 * per day. A day whose file reaches the size limit continues in {@code pideploy-YYYY-MM-DD.1.log}, {@code .2.log} and
 * so on, so a burst of log lines cannot make one file grow without bound; a restart appends to the day's newest part.
 */
public final class DailyFileHandler extends Handler {
    private static final String PREFIX = "pideploy-";
    private static final String SUFFIX = ".log";

    private final Path dir;
    private final int retentionDays;
    private final long maxFileBytes;
    private final Clock clock;
    private LocalDate day;
    private int part;
    private long written;
    private Writer writer;

    /** @param maxFileBytes size at which the day's file is continued in the next numbered part */
    public DailyFileHandler(Path dir, int retentionDays, long maxFileBytes, Clock clock) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("log retention must be at least 1 day, was " + retentionDays);
        }
        if (maxFileBytes < 4096) {
            throw new IllegalArgumentException("log file size limit must be at least 4096 bytes, was " + maxFileBytes);
        }
        this.dir = dir;
        this.retentionDays = retentionDays;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log directory " + dir + ": " + e.getMessage(), e);
        }
        setFormatter(new OneLineFormatter());
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        try {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            if (!today.equals(day)) {
                roll(today);
            }
            String line = getFormatter().format(record);
            long size = line.getBytes(StandardCharsets.UTF_8).length;
            if (written > 0 && written + size > maxFileBytes) {
                open(part + 1);
            }
            writer.write(line);
            writer.flush();
            written += size;
        } catch (IOException | RuntimeException e) {
            reportError(
                    "cannot write log file in " + dir,
                    e instanceof Exception ex ? ex : null,
                    ErrorManager.WRITE_FAILURE);
        }
    }

    private void roll(LocalDate today) throws IOException {
        day = today;
        int newest = 0;
        while (Files.exists(part(today, newest + 1))) {
            newest++;
        }
        open(newest);
        prune(today);
    }

    private void open(int n) throws IOException {
        closeWriter();
        part = n;
        Path f = part(day, n);
        written = Files.exists(f) ? Files.size(f) : 0;
        writer = new BufferedWriter(Files.newBufferedWriter(
                f, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** Deletes daily files (all parts) more than retention days old; other files in the directory are left alone. */
    void prune(LocalDate today) throws IOException {
        LocalDate oldestKept = today.minusDays(retentionDays - 1L);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String date = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                int dot = date.indexOf('.');
                date = dot < 0 ? date : date.substring(0, dot);
                try {
                    if (LocalDate.parse(date).isBefore(oldestKept)) {
                        Files.deleteIfExists(f);
                    }
                } catch (DateTimeParseException e) {
                    // not one of ours
                }
            }
        }
    }

    /** The day's first file. */
    public Path file(LocalDate date) {
        return part(date, 0);
    }

    private Path part(LocalDate date, int n) {
        return dir.resolve(PREFIX + date + (n == 0 ? "" : "." + n) + SUFFIX);
    }

    @Override
    public synchronized void flush() {
        try {
            if (writer != null) {
                writer.flush();
            }
        } catch (IOException e) {
            reportError("cannot flush log file", e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        closeWriter();
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                reportError("cannot close log file", e, ErrorManager.CLOSE_FAILURE);
            }
            writer = null;
        }
    }
}
