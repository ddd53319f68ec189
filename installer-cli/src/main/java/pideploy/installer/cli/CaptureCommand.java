package pideploy.installer.cli;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pideploy.disk.image.ByteRange;
import pideploy.disk.image.bmap.BlockMapper;
import pideploy.installer.blockdev.LinuxTargetDevice;
import pideploy.installer.core.port.TargetCheck;

/**
 * {@code pi-installer capture} (ADR-0091): reads a configured reference Pi's card and sends it to the server's
 * captures endpoint, which registers it as a new inactive image, takes its identity out and shrinks it. Only the
 * card's data is read: what the server's own block-map rule ({@link BlockMapper}) keeps (the partition table, gaps,
 * the used blocks of FAT and ext filesystems, everything it cannot vouch for); the rest is sent as zeros, which the
 * zstd stream makes nearly free. A mounted card is refused, as for writing.
 */
@Command(
        name = "capture",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Captures a configured reference Pi's card as a new master image version: reads its data (unused "
                    + "blocks skipped), streams it zstd-compressed to the server's operator listener, which removes the "
                    + "card's identity (machine-id, SSH host keys, hostname), shrinks it and registers it inactive.",
            "Exit codes: 0 registered, 2 usage, 3 card refused (missing, mounted), 4 server refused or unreachable, "
                    + "5 reading the card failed."
        })
final class CaptureCommand implements Callable<Integer> {
    private static final int CHUNK = 1 << 20;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The server's operator listener, e.g. http://192.168.50.1:5000.")
    String server;

    @Option(names = "--device", paramLabel = "PATH", defaultValue = "/dev/mmcblk0", description = "Card to capture.")
    Path device;

    @Option(names = "--product", paramLabel = "CODE")
    String product;

    @Option(
            names = "--version",
            paramLabel = "V",
            description = "The new image version (with --from-cmdline, default: the UTC time, e.g. 2026.12.04-023105).")
    String version;

    @Option(
            names = "--from-cmdline",
            description = "Take --server from pideploy_capture_server= (else pideploy_server=), --product from "
                    + "pideploy_product= and --version from pideploy_capture_version= on the kernel command line "
                    + "(/proc/cmdline) where not given: the netboot capture kit runs this (ADR-0105).")
    boolean fromCmdline;

    @Option(names = "--notes", paramLabel = "TEXT", defaultValue = "")
    String notes;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding an operator API token (default: the PIDEPLOY_TOKEN environment variable).")
    Path tokenFile;

    /** The system whose mount table is checked; tests point it elsewhere. */
    Path systemRoot = Path.of("/");

    /** The clock of the default version; tests fix it. */
    java.time.Clock clock = java.time.Clock.systemUTC();

    /** The environment variable read when no token file is given; tests set their own. */
    java.util.function.Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        resolveFromCmdline();
        URI base;
        try {
            base = new URI(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (Exception e) {
            throw new ParameterException(
                    spec.commandLine(), "--server must be the server's URL, e.g. http://192.168.50.1:5000: " + server);
        }
        String token = token();
        TargetCheck check = new LinuxTargetDevice(device, systemRoot).check();
        if (check instanceof TargetCheck.Refused refused) {
            err.println("pi-installer capture: "
                    + refused.reason().replace("choose another target", "capture it from a netbooted Pi"));
            return InstallerExitCodes.REFUSED_TARGET;
        }
        long size = ((TargetCheck.Ready) check).sizeBytes();
        List<ByteRange> used;
        try (FileChannel card = FileChannel.open(device, StandardOpenOption.READ)) {
            used = BlockMapper.usedRanges(new Sized(card, size));
        }
        long mapped = used.stream().mapToLong(r -> r.end() - r.offset()).sum();
        err.printf(
                "capturing %s: %d bytes, %d of them data (%d%%), to %s as %s %s%n",
                device, size, mapped, size == 0 ? 0 : mapped * 100 / size, base, product, version);
        err.flush();
        URI capture = URI.create(base + "/api/v1/captures?product=" + enc(product) + "&version=" + enc(version)
                + (notes.isEmpty() ? "" : "&notes=" + enc(notes)) + "&source="
                + enc(device + " on " + hostName()));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        // Asked first, so a wrong token or server is said before a 32 GB card is read.
        try {
            HttpResponse<String> session = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (session.statusCode() != 200) {
                err.println("pi-installer capture: the server at %s refused the token (HTTP %d): %s"
                        .formatted(base, session.statusCode(), session.body()));
                return InstallerExitCodes.SERVER;
            }
        } catch (IOException e) {
            err.println("pi-installer capture: cannot reach the server at %s: %s".formatted(base, e.getMessage()));
            return InstallerExitCodes.SERVER;
        }
        AtomicReference<IOException> readFailure = new AtomicReference<>();
        PipedInputStream body = new PipedInputStream(4 * CHUNK);
        PipedOutputStream pipe = new PipedOutputStream(body);
        Thread reader = Thread.ofPlatform().name("capture-reader").start(() -> {
            try (OutputStream zstd = new ZstdOutputStream(pipe, 3);
                    FileChannel card = FileChannel.open(device, StandardOpenOption.READ)) {
                send(card, size, used, zstd);
            } catch (IOException e) {
                readFailure.set(e);
                closeQuietly(pipe);
            }
        });
        HttpResponse<String> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(capture)
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            reader.join();
            if (readFailure.get() != null) {
                err.println("pi-installer capture: reading %s failed: %s"
                        .formatted(device, readFailure.get().getMessage()));
                return InstallerExitCodes.TRANSFER;
            }
            err.println("pi-installer capture: cannot send the capture to %s: %s".formatted(base, e.getMessage()));
            return InstallerExitCodes.SERVER;
        } finally {
            closeQuietly(body);
        }
        reader.join();
        if (readFailure.get() != null) {
            err.println("pi-installer capture: reading %s failed: %s"
                    .formatted(device, readFailure.get().getMessage()));
            return InstallerExitCodes.TRANSFER;
        }
        if (response.statusCode() != 201) {
            err.println("pi-installer capture: the server refused the capture (HTTP %d): %s"
                    .formatted(response.statusCode(), response.body()));
            return InstallerExitCodes.SERVER;
        }
        out.println("captured " + device + " as " + product + " " + version + ": " + response.body());
        return InstallerExitCodes.DONE;
    }

    /** The whole card as one stream: the kept ranges read from it, the rest as zeros. */
    static void send(SeekableByteChannel card, long size, List<ByteRange> used, OutputStream out) throws IOException {
        byte[] zeros = new byte[CHUNK];
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long at = 0;
        for (ByteRange range : used) {
            long from = Math.min(range.offset(), size);
            long to = Math.min(range.end(), size);
            for (; at < from; at += Math.min(CHUNK, from - at)) {
                out.write(zeros, 0, (int) Math.min(CHUNK, from - at));
            }
            card.position(from);
            while (at < to) {
                buffer.clear().limit((int) Math.min(CHUNK, to - at));
                int n = card.read(buffer);
                if (n < 0) {
                    throw new IOException("the card ended at byte %d, before its announced %d".formatted(at, size));
                }
                out.write(buffer.array(), 0, n);
                at += n;
            }
        }
        for (; at < size; at += Math.min(CHUNK, size - at)) {
            out.write(zeros, 0, (int) Math.min(CHUNK, size - at));
        }
    }

    /**
     * Fills --server, --product and --version from the kernel command line (with --from-cmdline) and insists on
     * them: a usage error names the option and the key that would give it.
     */
    void resolveFromCmdline() {
        KernelCmdline cmdline = fromCmdline ? readCmdline() : KernelCmdline.parse("");
        server = Optional.ofNullable(server)
                .or(cmdline::captureServer)
                .or(cmdline::server)
                .orElseThrow(() -> usage("--server is required (or pideploy_capture_server= on the kernel command "
                        + "line with --from-cmdline)"));
        product = Optional.ofNullable(product)
                .or(cmdline::product)
                .orElseThrow(() -> usage(
                        "--product is required (or pideploy_product= on the kernel command line with --from-cmdline)"));
        version = Optional.ofNullable(version)
                .or(cmdline::captureVersion)
                .or(() -> fromCmdline ? Optional.of(defaultVersion(clock.instant())) : Optional.empty())
                .orElseThrow(() -> usage("--version is required (or --from-cmdline, which defaults it to the time)"));
    }

    /** A capture's version when none is given: the UTC second, which sorts and is a valid image version. */
    static String defaultVersion(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC)
                .format(at);
    }

    private KernelCmdline readCmdline() {
        Path file = systemRoot.resolve("proc/cmdline");
        try {
            return KernelCmdline.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw usage("--from-cmdline: cannot read %s: %s".formatted(file, e.getMessage()));
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private String token() throws IOException {
        String token;
        if (tokenFile != null) {
            if (!Files.isRegularFile(tokenFile)) {
                throw new ParameterException(
                        spec.commandLine(), "--token-file %s does not exist or is not a file".formatted(tokenFile));
            }
            token = Files.readString(tokenFile).strip();
        } else {
            token = Optional.ofNullable(environment.apply("PIDEPLOY_TOKEN"))
                    .orElse("")
                    .strip();
        }
        if (token.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "capture needs an operator API token: --token-file FILE or PIDEPLOY_TOKEN (create one on the "
                            + "Tokens page)");
        }
        return token;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "this host";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // the other side is gone already
        }
    }

    /** A card's channel with the size the target check found (a block device's channel reports 0). */
    private record Sized(FileChannel channel, long size) implements SeekableByteChannel {
        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException("a capture only reads the card");
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
            channel.position(p);
            return this;
        }

        @Override
        public SeekableByteChannel truncate(long s) {
            throw new UnsupportedOperationException("a capture only reads the card");
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
