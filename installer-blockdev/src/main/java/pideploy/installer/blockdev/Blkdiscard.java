package pideploy.installer.blockdev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Discards a byte range of a block device with util-linux {@code blkdiscard -o OFFSET -l LENGTH DEVICE}, run as an
 * argument array (Java 21 has no BLKDISCARD ioctl without the FFM preview). A device that cannot discard (most USB
 * readers, many SD cards behind them) answers "Operation not supported": that is a normal outcome, not an error.
 */
final class Blkdiscard {

    /** Runs a command; returns its exit code and combined output. */
    @FunctionalInterface
    interface Runner {
        Result run(List<String> command) throws IOException;
    }

    record Result(int exitCode, String output) {}

    private final Runner runner;

    Blkdiscard() {
        this(Blkdiscard::execute);
    }

    Blkdiscard(Runner runner) {
        this.runner = runner;
    }

    /**
     * Discards {@code length} bytes at {@code offset} of {@code device}. Returns false if the device (or the system:
     * no blkdiscard) cannot discard.
     *
     * @throws IOException if blkdiscard failed for another reason; its output is in the message
     */
    boolean discard(Path device, long offset, long length) throws IOException {
        List<String> command =
                List.of("blkdiscard", "-o", Long.toString(offset), "-l", Long.toString(length), device.toString());
        Result result;
        try {
            result = runner.run(command);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("No such file")) {
                return false;
            }
            throw e;
        }
        if (result.exitCode() == 0) {
            return true;
        }
        String output = result.output().toLowerCase(Locale.ROOT);
        if (output.contains("not supported") || output.contains("operation not permitted on this device")) {
            return false;
        }
        throw new IOException("%s exited with %d: %s"
                .formatted(
                        String.join(" ", command),
                        result.exitCode(),
                        result.output().strip()));
    }

    private static Result execute(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
