package pideploy.installer.core.customize;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the first boot needs to know: the hostname to take, and where and as whom to phone home.
 * {@code statusUrl} is the server's {@code /api/status}; {@code serial} is the serial the installer saw (the script
 * prefers the one the booted system reports); {@code deviceSecret} is the deployment's proof of identity (ADR-0042),
 * sent with {@code booted}, empty when the server handed out none.
 */
public record FirstBootIdentity(String hostname, String deploymentId, String serial, String statusUrl,
                                String deviceSecret) {
    /** Without a device secret (servers before protocol version 2). */
    public FirstBootIdentity(String hostname, String deploymentId, String serial, String statusUrl) {
        this(hostname, deploymentId, serial, statusUrl, "");
    }

    // Everything here ends up inside shell single quotes and JSON strings: allow only characters safe in both.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/@%+=,~-]*");

    public FirstBootIdentity {
        check("hostname", hostname);
        check("deploymentId", deploymentId);
        check("serial", serial);
        check("statusUrl", statusUrl);
        check("deviceSecret", deviceSecret);
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
