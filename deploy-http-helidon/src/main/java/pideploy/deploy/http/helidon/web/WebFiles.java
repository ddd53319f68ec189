package pideploy.deploy.http.helidon.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import pideploy.deploy.http.helidon.Json;

/**
 * Serves the dashboard's files from the classpath folder {@code /web}: small, few and bundled in the jar, so they
 * are read once and kept in memory. Only files that exist are kept: a name that is not found is looked up again next
 * time, so clients asking for made-up paths cannot grow the cache. Names are restricted to plain relative paths;
 * {@code /} is {@code index.html}.
 * Helidon's static-content feature is not used so that these routes sit in the one route table like all others.
 */
public final class WebFiles implements Handler {
    private static final Pattern SAFE =
            Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/){0,4}[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "ico",
            "image/x-icon",
            "json",
            "application/json",
            "txt",
            "text/plain; charset=utf-8",
            "woff2",
            "font/woff2",
            "map",
            "application/json");

    private final String root;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public WebFiles(String classpathRoot) {
        this.root = classpathRoot.endsWith("/") ? classpathRoot : classpathRoot + "/";
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        if (!SAFE.matcher(name).matches() || name.contains("..")) {
            Json.sendError(res, 404, "NOT_FOUND", "no such page");
            return;
        }
        // a null from the mapping function stores nothing: only real files enter the cache
        Optional<byte[]> content = Optional.ofNullable(cache.computeIfAbsent(name, n -> load(n).orElse(null)));
        if (content.isEmpty()) {
            Json.sendError(res, 404, "NOT_FOUND", "no such page: /" + name);
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header("X-Frame-Options", "DENY");
        res.header(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
        res.header("Referrer-Policy", "no-referrer");
        res.send(content.get());
    }

    /** How many files the cache holds: at most the number of files under the root. */
    int cachedFiles() {
        return cache.size();
    }

    private Optional<byte[]> load(String name) {
        try (InputStream in = WebFiles.class.getResourceAsStream(root + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web file " + root + name, e);
        }
    }
}
