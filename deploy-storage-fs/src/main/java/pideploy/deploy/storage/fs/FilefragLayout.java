package pideploy.deploy.storage.fs;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pideploy.deploy.core.transfer.port.FileLayout;
import pideploy.disk.image.ByteRange;

/**
 * Where a local file holds data, from e2fsprogs' {@code filefrag -s -e}: the extents the Linux filesystem reports for a file
 * (FIEMAP), after syncing it, because Java has no SEEK_HOLE or FIEMAP of its own (ADR-0035). Every extent listed
 * counts as allocated whatever its flags (unwritten, delalloc, ...); only the gaps between extents are holes. Any
 * failure (filefrag missing, a filesystem that cannot tell, output that does not parse) gives "unknown", with a
 * logged reason, so the image is then mapped by its filesystems alone. {@link #over} offers it to the core as the
 * {@link FileLayout} of a {@link DirectoryImageStore}; the admin CLI asks it about a source file before upload.
 */
public final class FilefragLayout {
    private static final System.Logger LOG = System.getLogger(FilefragLayout.class.getName());
    private static final Pattern HEADER = Pattern.compile(" is (\\d+) \\((\\d+) blocks? of (\\d+) bytes\\)$");
    private static final Pattern EXTENT = Pattern.compile("^\\s*\\d+:\\s*(\\d+)\\.\\.\\s*(\\d+):");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String command;

    public FilefragLayout() {
        this("filefrag");
    }

    /** With another program name; tests use a missing one. */
    FilefragLayout(String command) {
        this.command = command;
    }

    /** The layout of the files of {@code images}, by their names in the store. */
    public FileLayout over(DirectoryImageStore images) {
        return fileName -> allocatedRanges(images.path(fileName));
    }

    /**
     * The byte ranges of {@code file} that are allocated, sorted and disjoint; an empty list for a file that is one
     * hole. Empty when the filesystem cannot tell, never an exception for that (see {@link FileLayout}).
     */
    public Optional<List<ByteRange>> allocatedRanges(Path file) {
        String output;
        Path log = null;
        Process process = null;
        try {
            // Output to a file, so a hung filefrag cannot block us on a pipe and the timeout holds.
            log = Files.createTempFile("pideploy-filefrag-", ".txt");
            process = new ProcessBuilder(command, "-s", "-e", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return unknown(file, "filefrag did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                return unknown(file, "filefrag exited with %d: %s".formatted(process.exitValue(), output.strip()));
            }
        } catch (IOException e) {
            return unknown(file, "cannot run %s (%s); install e2fsprogs".formatted(command, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown(file, "interrupted");
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            deleteQuietly(log);
        }
        Optional<List<ByteRange>> ranges = parse(output);
        if (ranges.isEmpty()) {
            return unknown(file, "filefrag output not understood: " + output.strip());
        }
        return ranges;
    }

    /**
     * The allocated ranges in {@code filefrag -e} output: the header's file size and block size, then one line per
     * extent with its first and last logical block, clipped to the file's size (preallocation past the end is
     * dropped); empty when there is no header or a line does not make sense.
     */
    static Optional<List<ByteRange>> parse(String output) {
        long size = -1;
        long blockSize = -1;
        List<ByteRange> ranges = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher header = HEADER.matcher(line);
            if (line.startsWith("File size of ") && header.find()) {
                size = Long.parseLong(header.group(1));
                blockSize = Long.parseLong(header.group(3));
                continue;
            }
            Matcher extent = EXTENT.matcher(line);
            if (extent.find()) {
                if (blockSize <= 0) {
                    return Optional.empty();
                }
                long first = Long.parseLong(extent.group(1));
                long last = Long.parseLong(extent.group(2));
                long start = first * blockSize;
                if (last < first) {
                    return Optional.empty();
                }
                if (start < size) {
                    ranges.add(ByteRange.between(start, Math.min((last + 1) * blockSize, size)));
                }
            }
        }
        return size < 0 ? Optional.empty() : Optional.of(ByteRange.coalesce(ranges));
    }

    private static void deleteQuietly(Path log) {
        if (log != null) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cannot delete {0}: {1}", log, e.getMessage());
            }
        }
    }

    private static Optional<List<ByteRange>> unknown(Path file, String reason) {
        LOG.log(Level.INFO, "{0}: allocation not known ({1}); holes of a sparse file are not used", file, reason);
        return Optional.empty();
    }
}
