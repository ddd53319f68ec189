package pideploy.deploy.core.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device's {@code booted} report says took effect (protocol 4, ADR-0094): the Wi-Fi network it joined, its
 * addresses, its OS version from {@code /etc/os-release}, and how each operator hook ran. Recorded with the
 * deployment as {@link #lines()}.
 *
 * @param wifiSsid  the SSID it is connected to, if any
 * @param addresses its IP addresses with prefix ({@code 192.168.10.14/24}), at most 16
 * @param osVersion {@code PRETTY_NAME} of {@code /etc/os-release}, if it has one
 * @param hooks     one result per hook that ran, in order
 */
public record BootReport(
        Optional<String> wifiSsid, List<String> addresses, Optional<String> osVersion, List<HookResult> hooks) {
    public BootReport {
        wifiSsid = Objects.requireNonNull(wifiSsid, "wifiSsid").map(s -> oneLine("wifi_ssid", s, 64));
        addresses = List.copyOf(addresses).stream()
                .map(a -> oneLine("addresses", a, 64))
                .toList();
        osVersion = Objects.requireNonNull(osVersion, "osVersion").map(s -> oneLine("os_version", s, 200));
        hooks = List.copyOf(hooks);
        if (addresses.size() > 16 || hooks.size() > 64) {
            throw new IllegalArgumentException("a booted report takes at most 16 addresses and 64 hook results");
        }
    }

    /**
     * How one hook ran.
     *
     * @param name     the hook's name
     * @param version  its version
     * @param exitCode its exit status, 0-255
     * @param output   the tail of its output, at most {@value #MAX_OUTPUT} characters
     */
    public record HookResult(String name, int version, int exitCode, String output) {
        public static final int MAX_OUTPUT = 4096;

        public HookResult {
            name = oneLine("hook name", name, 40);
            if (version < 1 || exitCode < 0 || exitCode > 255) {
                throw new IllegalArgumentException(
                        "hook %s: version must be 1 or more and exit_code 0-255, got %d and %d"
                                .formatted(name, version, exitCode));
            }
            output = output == null ? "" : output;
            if (output.length() > MAX_OUTPUT) {
                output = output.substring(output.length() - MAX_OUTPUT);
            }
        }
    }

    private static String oneLine(String field, String value, int max) {
        if (value == null || value.length() > max || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("%s must be one line of at most %d characters".formatted(field, max));
        }
        return value;
    }

    /** As recorded and shown: {@code key=value} lines, the hooks' output escaped as in {@link ProfileText}. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        wifiSsid.ifPresent(s -> out.add("wifi_ssid=" + s));
        out.add("addresses=" + String.join(",", addresses));
        osVersion.ifPresent(v -> out.add("os_version=" + v));
        for (int i = 0; i < hooks.size(); i++) {
            HookResult h = hooks.get(i);
            out.add("hook.%d=%s v%d exit %d".formatted(i, h.name(), h.version(), h.exitCode()));
            out.add("hook.%d.output=%s".formatted(i, ProfileText.escape(h.output())));
        }
        return out;
    }
}
