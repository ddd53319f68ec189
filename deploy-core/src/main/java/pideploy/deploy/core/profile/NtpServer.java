package pideploy.deploy.core.profile;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An NTP server: a DNS name or an IPv4 address.
 *
 * @param host lower-case name of labels of letters, digits and dashes, at most 253 characters
 */
public record NtpServer(String host) {
    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public NtpServer {
        host = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(host).matches()) {
            throw new IllegalArgumentException(
                    "ntp server must be a host name such as pool.ntp.org or an IPv4 address, got '%s'".formatted(host));
        }
    }
}
