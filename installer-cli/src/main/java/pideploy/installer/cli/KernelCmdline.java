package pideploy.installer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The installer's parameters on a network-booted Pi's kernel command line: {@code pideploy_server=},
 * {@code pideploy_product=}, {@code pideploy_venue=}, {@code pideploy_timeout=}. No dots in the names: the kernel
 * would take them for module parameters.
 */
public record KernelCmdline(
        Optional<String> server, Optional<String> product, Optional<String> venue, Optional<String> timeout) {

    /** A command line without a timeout. */
    public KernelCmdline(Optional<String> server, Optional<String> product, Optional<String> venue) {
        this(server, product, venue, Optional.empty());
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
                value(values, "pideploy_timeout"));
    }

    private static Optional<String> value(Map<String, String> values, String key) {
        return Optional.ofNullable(values.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
