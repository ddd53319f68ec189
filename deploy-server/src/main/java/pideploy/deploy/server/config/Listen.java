package pideploy.deploy.server.config;

/**
 * A listening address as operators write it: {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code :PORT} or {@code PORT}
 * (the last two keep the default host).
 */
public record Listen(String host, int port) {
    public Listen {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("listen host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen port must be 0-65535, was " + port);
        }
    }

    public static Listen parse(String text, String defaultHost) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("listen address is empty; use HOST:PORT, e.g. 0.0.0.0:5001");
        }
        String host = defaultHost;
        String port = t;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0 || end + 1 >= t.length() || t.charAt(end + 1) != ':') {
                throw new IllegalArgumentException("listen address '%s' must be [IPv6]:PORT".formatted(t));
            }
            host = t.substring(1, end);
            port = t.substring(end + 2);
        } else if (t.contains(":")) {
            int colon = t.lastIndexOf(':');
            host = colon == 0 ? defaultHost : t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        try {
            return new Listen(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen address '%s' has no valid port; use HOST:PORT".formatted(t));
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
