package pideploy.installer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The installer's parameters on a network-booted Pi's kernel command line: {@code pideploy_server=},
 * {@code pideploy_product=}, {@code pideploy_venue=}, {@code pideploy_timeout=}, and for a capture kit (ADR-0105)
 * {@code pideploy_capture=1}, {@code pideploy_capture_server=} (the operator listener the capture goes to) and
 * {@code pideploy_capture_version=}. No dots in the names: the kernel would take them for module parameters.
 */
public record KernelCmdline(
        Optional<String> server,
        Optional<String> product,
        Optional<String> venue,
        Optional<String> timeout,
        boolean capture,
        Optional<String> captureServer,
        Optional<String> captureVersion) {

    /** A command line without a timeout. */
    public KernelCmdline(Optional<String> server, Optional<String> product, Optional<String> venue) {
        this(server, product, venue, Optional.empty());
    }

    /** An install command line: no capture. */
    public KernelCmdline(
            Optional<String> server, Optional<String> product, Optional<String> venue, Optional<String> timeout) {
        this(server, product, venue, timeout, false, Optional.empty(), Optional.empty());
    }

    public static KernelCmdline parse(String cmdline) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String token : cmdline.strip().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                values.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return new KernelCmdline(
                value(values, "pideploy_server"),
                value(values, "pideploy_product"),
                value(values, "pideploy_venue"),
                value(values, "pideploy_timeout"),
                value(values, "pideploy_capture").filter("1"::equals).isPresent(),
                value(values, "pideploy_capture_server"),
                value(values, "pideploy_capture_version"));
    }

    private static Optional<String> value(Map<String, String> values, String key) {
        return Optional.ofNullable(values.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
