package pideploy.deploy.core.profile;

import java.util.regex.Pattern;

/**
 * The name of a variable in {@code /etc/pideploy/device.env}: what a shell and systemd's {@code EnvironmentFile=}
 * both take. The {@code PIDEPLOY_} prefix is PiDeploy's own ({@link DeviceProfile#env()}) and refused for operator
 * keys, so a profile cannot claim to be another hostname.
 *
 * @param value upper-case letters, digits and {@code _}, not starting with a digit, at most 64 characters
 */
public record EnvName(String value) implements Comparable<EnvName> {
    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
    static final String RESERVED_PREFIX = "PIDEPLOY_";

    public EnvName {
        value = value == null ? "" : value.strip();
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(("env key must be upper-case letters, digits and _ (not starting with "
                            + "a digit, at most 64), e.g. VENUE_SERVER, got '%s'")
                    .formatted(value));
        }
    }

    /** An operator's key: also refuses the reserved prefix. */
    public static EnvName operator(String value) {
        EnvName name = new EnvName(value);
        if (name.value.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException(("env key %s uses the prefix PIDEPLOY_, which is PiDeploy's own "
                            + "(hostname, venue, product, identifier, deployment id); choose another name")
                    .formatted(value));
        }
        return name;
    }

    @Override
    public int compareTo(EnvName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
