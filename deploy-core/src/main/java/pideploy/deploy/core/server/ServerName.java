package pideploy.deploy.core.server;

import java.util.regex.Pattern;

/**
 * The name of one server of the fleet (ADR-0098): recorded on every deployment it answers and in the fleet's server
 * list. By default the host name; two servers of one fleet must not share one.
 */
public record ServerName(String value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public ServerName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(("server name must be 1-63 letters, digits, '.', '_' or '-', starting "
                            + "with a letter or digit, got '%s'")
                    .formatted(value));
        }
    }

    public static ServerName of(String value) {
        return new ServerName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
