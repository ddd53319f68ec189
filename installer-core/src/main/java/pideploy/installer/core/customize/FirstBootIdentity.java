package pideploy.installer.core.customize;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the first boot needs to know: the hostname to take, and where and as whom to phone home.
 * {@code statusUrl} is the server's {@code /api/status}; {@code serial} is the serial the installer saw (the script
 * prefers the one the booted system reports).
 */
public record FirstBootIdentity(String hostname, String deploymentId, String serial, String statusUrl) {
    // Everything here ends up inside shell single quotes and JSON strings: allow only characters safe in both.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/@%+=,~-]*");

    public FirstBootIdentity {
        check("hostname", hostname);
        check("deploymentId", deploymentId);
        check("serial", serial);
        check("statusUrl", statusUrl);
        if (!statusUrl.startsWith("http://") && !statusUrl.startsWith("https://")) {
            throw new IllegalArgumentException("statusUrl must be an http(s) URL, was '%s'".formatted(statusUrl));
        }
    }

    private static void check(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "%s may hold only letters, digits and ._:/@%%+=,~- , was '%s'".formatted(field, value));
        }
    }
}
