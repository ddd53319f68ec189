package pideploy.deploy.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vendor's download site on loopback, over a plain socket so the test controls every byte: serves one file at
 * {@code /NAME}, answers {@code Range: bytes=N-} with 206, sends an {@code ETag}, and drops the connection of the
 * first {@code drops} whole-file answers after half the file (headers announce the full length). Every request's
 * Range header (or "-") is recorded.
 */
final class DroppingFileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private final ServerSocket socket;
    private final Path file;
    private final AtomicInteger drops;
    final List<String> ranges = new CopyOnWriteArrayList<>();
    private final Thread thread;

    DroppingFileServer(Path file, int drops) throws IOException {
        this.file = file;
        this.drops = new AtomicInteger(drops);
        this.socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.thread = Thread.ofVirtual().start(this::serve);
    }

    String url() {
        return "http://127.0.0.1:%d/%s".formatted(socket.getLocalPort(), file.getFileName());
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread.ofVirtual().start(() -> answer(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket s) {
        try (s) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String requestLine = in.readLine();
            String range = null;
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("range:")) {
                    range = line.substring(6).strip();
                }
            }
            ranges.add(range == null ? "-" : range);
            OutputStream out = s.getOutputStream();
            String path = requestLine == null ? "" : requestLine.split(" ")[1];
            if (!path.equals("/" + file.getFileName())) {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches()) {
                int from = Integer.parseInt(m.group(1));
                out.write(("HTTP/1.1 206 Partial Content\r\nContent-Length: %d\r\nContent-Range: bytes %d-%d/%d\r\n"
                                + "ETag: \"v1\"\r\nConnection: close\r\n\r\n")
                        .formatted(bytes.length - from, from, bytes.length - 1, bytes.length)
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, from, bytes.length - from);
                return;
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: %d\r\nAccept-Ranges: bytes\r\nETag: \"v1\"\r\n"
                            + "Connection: close\r\n\r\n")
                    .formatted(bytes.length)
                    .getBytes(StandardCharsets.US_ASCII));
            if (drops.getAndDecrement() > 0) {
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                s.setSoLinger(true, 0); // a reset, as a dropped connection looks to the client
                return;
            }
            out.write(bytes);
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
        thread.join();
    }
}
