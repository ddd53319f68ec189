package pideploy.deploy.core.product;

import java.util.Arrays;
import java.util.Locale;

/** How a product's hostnames get their identifier part. */
public enum HostnameStrategy {
    /** Identifiers come from a pool of numbers the operator imports (e.g. kart numbers). */
    POOL("pool"),
    /** Identifier = last 8 characters of the device serial, upper-case. */
    SERIAL("serial");

    private final String wireName;

    HostnameStrategy(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used on the wire and the command line: {@code pool} or {@code serial}. */
    public String wireName() {
        return wireName;
    }

    /** Parses {@code pool} or {@code serial} (any case); the message lists the allowed values. */
    public static HostnameStrategy parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.wireName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "hostname strategy must be pool or serial, got '%s'".formatted(text)));
    }
}
