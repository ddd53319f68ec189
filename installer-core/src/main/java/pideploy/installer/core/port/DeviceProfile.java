package pideploy.installer.core.port;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The device profile the server's config answer carries (protocol 3, docs/protocol.md, ADR-0062): what the first boot
 * sets beyond the hostname. The server validated it; this record checks again what the first-boot script relies on
 * (one line per value, the characters a path or a shell word may hold), because a value that breaks the script would
 * break the card. An absent or empty setting leaves the image's own alone.
 */
public record DeviceProfile(
        Optional<String> wifiCountry,
        List<Wifi> wifi,
        List<String> sshAuthorizedKeys,
        Optional<Boolean> sshPasswordLogin,
        Optional<String> passwordHash,
        Optional<String> timeZone,
        Optional<String> locale,
        Optional<String> keyboard,
        List<String> ntpServers,
        Optional<StaticIpv4> staticIpv4,
        List<String> configTxt,
        List<EnvEntry> deviceEnv,
        List<Hook> hooks) {
    private static final Pattern ONE_LINE = Pattern.compile("[^\\p{Cntrl}]*");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    public DeviceProfile {
        wifiCountry = match("wifi_country", wifiCountry, "[A-Z]{2}");
        wifi = List.copyOf(wifi);
        sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
        sshAuthorizedKeys.forEach(k -> match(
                "ssh_authorized_keys",
                Optional.of(k),
                "(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+ [A-Za-z0-9+/=]+( [^\\p{Cntrl}]*)?"));
        Objects.requireNonNull(sshPasswordLogin, "sshPasswordLogin");
        passwordHash = match("password_hash", passwordHash, "\\$[A-Za-z0-9]+\\$[./A-Za-z0-9$=]+");
        timeZone = match("time_zone", timeZone, "[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*");
        locale = match("locale", locale, "[a-z]{2,3}_[A-Z]{2}\\.UTF-8");
        keyboard = match("keyboard", keyboard, "[a-z]{2,8}(:[a-z0-9_-]{1,32})?");
        ntpServers = List.copyOf(ntpServers);
        ntpServers.forEach(n -> match("ntp_servers", Optional.of(n), "[A-Za-z0-9.-]{1,253}"));
        Objects.requireNonNull(staticIpv4, "staticIpv4");
        configTxt = List.copyOf(configTxt);
        configTxt.forEach(l -> match("config_txt", Optional.of(l), "[\\x20-\\x7e]{1,200}"));
        deviceEnv = List.copyOf(deviceEnv);
        hooks = List.copyOf(hooks);
    }

    /** Without hooks (a protocol 3 answer). */
    public DeviceProfile(
            Optional<String> wifiCountry,
            List<Wifi> wifi,
            List<String> sshAuthorizedKeys,
            Optional<Boolean> sshPasswordLogin,
            Optional<String> passwordHash,
            Optional<String> timeZone,
            Optional<String> locale,
            Optional<String> keyboard,
            List<String> ntpServers,
            Optional<StaticIpv4> staticIpv4,
            List<String> configTxt,
            List<EnvEntry> deviceEnv) {
        this(
                wifiCountry,
                wifi,
                sshAuthorizedKeys,
                sshPasswordLogin,
                passwordHash,
                timeZone,
                locale,
                keyboard,
                ntpServers,
                staticIpv4,
                configTxt,
                deviceEnv,
                List.of());
    }

    /**
     * An operator's first-boot script (protocol 4, ADR-0094), run once after PiDeploy's own steps, when the network
     * is up, with device.env in its environment.
     *
     * @param name    its name, also its file name on the card
     * @param version its version on the server, reported back with its result
     * @param owner   whose it is ({@code venue CORO}), for log lines
     * @param script  the text, starting with {@code #!}
     */
    public record Hook(String name, int version, String owner, String script) {
        /** What the first-boot script's here-documents end with; a hook may not hold it as a line. */
        public static final String RESERVED_LINE = "PIDEPLOY_PROFILE_FILE";

        public Hook {
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                throw new IllegalArgumentException("profile hook name is not usable on the card: '%s'".formatted(name));
            }
            if (version < 1) {
                throw new IllegalArgumentException("profile hook %s has version %d".formatted(name, version));
            }
            oneLine("hook owner", owner);
            if (script == null
                    || !script.startsWith("#!")
                    || script.indexOf('\0') >= 0
                    || script.indexOf('\r') >= 0
                    || script.lines().anyMatch(RESERVED_LINE::equals)) {
                throw new IllegalArgumentException(
                        ("profile hook %s must be a script starting with #!, with LF line " + "ends and no line %s")
                                .formatted(name, RESERVED_LINE));
            }
        }

        @Override
        public String toString() {
            return "Hook[" + owner + " " + name + " v" + version + "]";
        }
    }

    /** A profile that sets nothing (a server before protocol 3, or no layer for this device). */
    public static final DeviceProfile NONE = new DeviceProfile(
            Optional.empty(),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of());

    private static Optional<String> match(String field, Optional<String> value, String regex) {
        Objects.requireNonNull(value, field);
        value.ifPresent(v -> {
            if (!v.matches(regex)) {
                throw new IllegalArgumentException("profile %s is not usable on the card: '%s'".formatted(field, v));
            }
        });
        return value;
    }

    static String oneLine(String field, String value) {
        if (value == null || !ONE_LINE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "profile %s must be one line without control characters".formatted(field));
        }
        return value;
    }

    static String ipv4(String field, String value) {
        if (value == null || !IPV4.matcher(value).matches()) {
            throw new IllegalArgumentException("profile %s must be an IPv4 address, got '%s'".formatted(field, value));
        }
        return value;
    }

    /**
     * A Wi-Fi network.
     *
     * @param security {@code open}, {@code psk} or {@code eap}
     * @param secret   the PSK (psk) or the login's password (eap); empty for open
     * @param identity the login (eap); empty otherwise
     */
    public record Wifi(String ssid, String security, String secret, String identity, boolean hidden, int priority) {
        public Wifi {
            oneLine("wifi ssid", ssid);
            if (ssid.isEmpty()) {
                throw new IllegalArgumentException("profile wifi ssid must not be empty");
            }
            if (!List.of("open", "psk", "eap").contains(security)) {
                throw new IllegalArgumentException(
                        "profile wifi security must be open, psk or eap, got '%s'".formatted(security));
            }
            oneLine("wifi secret", secret);
            oneLine("wifi identity", identity);
            if (!security.equals("open") && secret.isEmpty()) {
                throw new IllegalArgumentException("profile wifi '%s' (%s) has no secret".formatted(ssid, security));
            }
        }

        @Override
        public String toString() {
            return "Wifi[" + ssid + ", " + security + "]";
        }
    }

    /** A fixed address instead of DHCP. */
    public record StaticIpv4(String address, int prefix, String gateway, List<String> dns) {
        public StaticIpv4 {
            ipv4("static_ipv4 address", address);
            ipv4("static_ipv4 gateway", gateway);
            dns = List.copyOf(dns);
            dns.forEach(d -> ipv4("static_ipv4 dns", d));
            if (prefix < 1 || prefix > 32) {
                throw new IllegalArgumentException("profile static_ipv4 prefix must be 1-32, got " + prefix);
            }
        }
    }

    /** One line of device.env; the value is raw (the writer quotes it). */
    public record EnvEntry(String name, String value) {
        public EnvEntry {
            if (name == null || !name.matches("[A-Z_][A-Z0-9_]{0,63}")) {
                throw new IllegalArgumentException(
                        "profile device_env name must be an env name, got '%s'".formatted(name));
            }
            oneLine("device_env " + name, value.replace("\t", " "));
        }
    }

    @Override
    public String toString() {
        return "DeviceProfile[%d wifi, %d keys, tz %s, static %s, %d env, %d hooks]"
                .formatted(
                        wifi.size(),
                        sshAuthorizedKeys.size(),
                        timeZone.orElse("-"),
                        staticIpv4.map(StaticIpv4::address).orElse("-"),
                        deviceEnv.size(),
                        hooks.size());
    }
}
