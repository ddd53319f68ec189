package pideploy.installer.core.customize;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the first boot needs to know: the hostname to take, and where and as whom to phone home. The phone-home URL is
 * {@link #escapeUrl escaped}, the other values are refused unless they hold only characters safe as they are.
 * {@code statusUrl} is the server's {@code /api/status}; {@code serial} is the serial the installer saw (the script
 * prefers the one the booted system reports); {@code deviceSecret} is the deployment's proof of identity (ADR-0042),
 * sent with {@code booted}, empty when the server handed out none.
 */
public record FirstBootIdentity(
        String hostname, String deploymentId, String serial, String statusUrl, String deviceSecret) {
    /** Without a device secret (servers before protocol version 2). */
    public FirstBootIdentity(String hostname, String deploymentId, String serial, String statusUrl) {
        this(hostname, deploymentId, serial, statusUrl, "");
    }

    // Everything here ends up inside shell single quotes and JSON strings: allow only characters safe in both.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/@%+=,~-]*");

    // What stays as it is in the phone-home URL: RFC 3986 unreserved and reserved characters, all literal inside shell
    // single quotes and a YAML literal block. Everything else is percent-encoded (as UTF-8).
    private static final Pattern URL_LITERAL = Pattern.compile("[A-Za-z0-9._~:/?#\\[\\]@!$&()*+,;=-]");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    public FirstBootIdentity {
        check("hostname", hostname);
        check("deploymentId", deploymentId);
        check("serial", serial);
        Objects.requireNonNull(statusUrl, "statusUrl");
        statusUrl = escapeUrl(statusUrl);
        check("deviceSecret", deviceSecret);
        if (!statusUrl.startsWith("http://") && !statusUrl.startsWith("https://")) {
            throw new IllegalArgumentException("statusUrl must be an http(s) URL, was '%s'".formatted(statusUrl));
        }
    }

    /**
     * The phone-home URL with every character that is not literal in a URL (a space or quote in a query value, a
     * {@code '} that would end the script's shell quoting, non-ASCII) percent-encoded; existing {@code %XX} escapes are
     * kept, a stray {@code %} becomes {@code %25}.
     */
    static String escapeUrl(String url) {
        StringBuilder out = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); ) {
            int c = url.codePointAt(i);
            String ch = new String(Character.toChars(c));
            if (c == '%'
                    && i + 3 <= url.length()
                    && PERCENT_ESCAPE.matcher(url.substring(i, i + 3)).matches()) {
                out.append(url, i, i + 3);
                i += 3;
                continue;
            }
            if (URL_LITERAL.matcher(ch).matches()) {
                out.append(ch);
            } else {
                for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
                }
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static void check(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "%s may hold only letters, digits and ._:/@%%+=,~- , was '%s'".formatted(field, value));
        }
    }
}
