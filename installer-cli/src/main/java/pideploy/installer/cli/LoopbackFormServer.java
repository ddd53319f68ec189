package pideploy.installer.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a {@link SyntheticForm}'s index and data on 127.0.0.1 (an ephemeral port) with what the installer's image
 * client needs: {@code Content-Length}, {@code Range: bytes=N-} answered with 206 and {@code Content-Range}.
 */
final class LoopbackFormServer implements AutoCloseable {
    static final String INDEX = "/self-test.img.zranges.json";
    static final String DATA = "/self-test.img.zranges";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;

    private LoopbackFormServer(HttpServer server) {
        this.server = server;
    }

    static LoopbackFormServer start(SyntheticForm form) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, byte[]> files = Map.of(INDEX, form.index(), DATA, form.data());
        server.createContext(
                "/",
                exchange -> serve(exchange, files.get(exchange.getRequestURI().getPath())));
        server.start();
        return new LoopbackFormServer(server);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, byte[] file) throws IOException {
        try (exchange) {
            if (file == null || !exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int from = 0;
            Matcher range =
                    RANGE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
            if (range.matches()) {
                from = (int) Math.min(Long.parseLong(range.group(1)), file.length);
                exchange.getResponseHeaders()
                        .add("Content-Range", "bytes %d-%d/%d".formatted(from, file.length - 1, file.length));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().add("ETag", "\"self-test\"");
            int length = file.length - from;
            // 0 would mean "chunked" to this server; -1 is "no body".
            exchange.sendResponseHeaders(range.matches() ? 206 : 200, length == 0 ? -1 : length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file, from, file.length - from);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
