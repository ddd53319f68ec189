package pideploy.system;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pideploy.installer.cli.InstallerWiring;
import pideploy.installer.cli.PiInstallerMain;

/**
 * The real {@code pi-installer} command run in this JVM with the Linux adapters against a file-backed card, its
 * output kept for failure messages; plus the card helpers the installer system tests share.
 */
public final class InstallerRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code pi-installer} with exactly these arguments and returns its exit code. */
    public int run(String... args) {
        return PiInstallerMain.run(
                InstallerWiring.linux(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /**
     * Installs KXP2 at CORO from {@code server} onto {@code card} without rebooting, as serial 5e3da3b1c0ffee01, with
     * retries quick enough for a test (40 × 200 ms, so a server coming up late is still waited for); {@code extra}
     * options are appended.
     */
    public int install(String server, Path card, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server",
                server,
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                card.toString(),
                "--no-reboot",
                "--serial",
                "5e3da3b1c0ffee01",
                "--retry-delay-ms",
                "200",
                "--retry-attempts",
                "40"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** What the installer printed on standard output. */
    public String standardOutput() {
        return out.toString();
    }

    /** What the installer printed on standard error. */
    public String errors() {
        return err.toString();
    }

    /** Everything the installer printed, for assertion messages. */
    public String output() {
        return out + "\n--- stderr ---\n" + err;
    }

    /** A sparse file of {@code size} bytes standing in for an SD card (an existing one keeps its content). */
    public static Path card(Path file, long size) throws IOException {
        try (RandomAccessFile card = new RandomAccessFile(file.toFile(), "rw")) {
            card.setLength(size);
        }
        return file;
    }

    /** {@code length} bytes of {@code file} from byte {@code from}. */
    public static byte[] read(Path file, long from, long length) throws IOException {
        byte[] bytes = new byte[(int) length];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(from);
            in.readFully(bytes);
        }
        return bytes;
    }
}
