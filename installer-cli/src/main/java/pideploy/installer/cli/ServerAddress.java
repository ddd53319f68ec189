package pideploy.installer.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** The deployment server's base URL, from {@code --server}: a bare IP or host means {@code http://HOST:5001}. */
public record ServerAddress(URI base) {
    public static final int DEFAULT_PORT = 5001;

    public ServerAddress {
        if (base == null
                || base.getScheme() == null
                || base.getHost() == null
                || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
            throw new IllegalArgumentException(
                    "server must be an http(s) URL or an IP address, was '%s'".formatted(base));
        }
    }

    public static ServerAddress parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("--server must be an IP address or a URL, was empty");
        }
        try {
            if (!value.contains("://")) {
                return new ServerAddress(new URI("http://" + withPort(value)));
            }
            String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            return new ServerAddress(new URI(trimmed));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--server must be an IP address or a URL, was '%s' (%s)".formatted(text, e.getMessage()));
        }
    }

    private static String withPort(String host) {
        long colons = host.chars().filter(c -> c == ':').count();
        if (host.startsWith("[")) {
            return host.contains("]:") ? host : host + ":" + DEFAULT_PORT;
        }
        if (colons == 0) {
            return host + ":" + DEFAULT_PORT;
        }
        return colons == 1 ? host : "[" + host + "]:" + DEFAULT_PORT;
    }

    public URI resolve(String pathOrUrl) {
        URI uri = URI.create(pathOrUrl);
        return uri.isAbsolute() ? uri : URI.create(base + (pathOrUrl.startsWith("/") ? "" : "/") + pathOrUrl);
    }

    /** Where the first boot phones home. */
    public String statusUrl() {
        return base + "/api/status";
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
