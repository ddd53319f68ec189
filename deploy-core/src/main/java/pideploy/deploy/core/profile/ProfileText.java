package pideploy.deploy.core.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A layer as text: one {@code key=value} line per setting, in a fixed order, values with {@code %}, CR and LF
 * percent-escaped. What the store keeps (so the schema does not change with every new setting) and, with
 * {@code redact}, what is recorded with a deployment. Lists carry a count line ({@code wifi.count=0} is "no
 * networks", which is not the same as no {@code wifi} lines: "not set here").
 */
public final class ProfileText {
    /** What a secret is shown as outside the card. */
    public static final String REDACTED = "<redacted>";

    private ProfileText() {}

    /** The keys whose values are secrets: PSKs, EAP passwords, the password hash. */
    private static final Pattern SECRET_KEY = Pattern.compile("wifi\\.\\d+\\.(psk|password)|password_hash");

    /** The lines of {@code s}; with {@code redact}, PSKs, EAP passwords and the password hash as {@link #REDACTED}. */
    public static String encode(ProfileSettings s, boolean redact) {
        return encode(s, redact ? v -> REDACTED : UnaryOperator.identity());
    }

    /**
     * The lines of {@code s} with every secret (PSKs, EAP passwords, the password hash) as {@code secret} makes it:
     * {@link #REDACTED} for display, {@link SecretSeal#seal} for storage (ADR-0093), unchanged for the card.
     */
    public static String encode(ProfileSettings s, UnaryOperator<String> secret) {
        StringBuilder out = new StringBuilder();
        s.wifi().ifPresent(list -> {
            line(out, "wifi.count", Integer.toString(list.size()));
            for (int i = 0; i < list.size(); i++) {
                WifiNetwork n = list.get(i);
                String p = "wifi." + i + ".";
                line(out, p + "ssid", n.ssid());
                line(out, p + "security", n.security().kind());
                switch (n.security()) {
                    case WifiSecurity.Open o -> {}
                    case WifiSecurity.Psk k -> line(out, p + "psk", secret.apply(k.psk()));
                    case WifiSecurity.Eap e -> {
                        line(out, p + "identity", e.identity());
                        line(out, p + "password", secret.apply(e.password()));
                    }
                }
                line(out, p + "hidden", Boolean.toString(n.hidden()));
                line(out, p + "priority", Integer.toString(n.priority()));
            }
        });
        s.wifiCountry().ifPresent(v -> line(out, "wifi_country", v));
        list(out, "ssh_key", s.sshKeys(), AuthorizedKey::line);
        s.passwordLogin().ifPresent(v -> line(out, "password_login", v.toString()));
        s.passwordHash().ifPresent(v -> line(out, "password_hash", secret.apply(v.value())));
        s.timeZone().ifPresent(v -> line(out, "time_zone", v.value()));
        s.locale().ifPresent(v -> line(out, "locale", v.value()));
        s.keyboard().ifPresent(v -> line(out, "keyboard", v.toString()));
        list(out, "ntp", s.ntp(), NtpServer::host);
        s.staticIpv4().ifPresent(ip -> {
            line(out, "static_ipv4.address", ip.cidr());
            line(out, "static_ipv4.gateway", ip.gateway().toString());
            line(
                    out,
                    "static_ipv4.dns",
                    String.join(
                            ",", ip.dns().stream().map(Ipv4Address::toString).toList()));
        });
        list(
                out,
                "config_line",
                s.configLines().isEmpty() ? Optional.empty() : Optional.of(s.configLines()),
                ConfigLine::value);
        s.env().forEach((k, v) -> line(out, "env." + k.value(), v));
        return out.toString();
    }

    /** How many lines {@link #encode} writes for {@code s}: a size for log lines. */
    public static int lineCount(ProfileSettings s) {
        return (int) encode(s, true).chars().filter(ch -> ch == '\n').count();
    }

    private static <T> void list(StringBuilder out, String name, Optional<List<T>> items, Function<T, String> text) {
        items.ifPresent(list -> {
            line(out, name + ".count", Integer.toString(list.size()));
            for (int i = 0; i < list.size(); i++) {
                line(out, name + "." + i, text.apply(list.get(i)));
            }
        });
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append('=').append(escape(value)).append('\n');
    }

    /**
     * Reads what {@link #encode} wrote (unredacted). A value's own validation error propagates; a redacted secret,
     * an unknown key or a malformed line is refused naming the line.
     */
    public static ProfileSettings decode(String text) {
        return decode(text, Optional.empty());
    }

    /**
     * Reads what the store keeps: {@link #encode(ProfileSettings, UnaryOperator)} with sealed secrets, each opened
     * with {@code open} ({@link SecretSeal#open}).
     */
    public static ProfileSettings decodeStored(String text, UnaryOperator<String> open) {
        return decode(text, Optional.empty(), open);
    }

    /**
     * True when stored {@code text} holds a secret that is not sealed: a layer stored before ADR-0093, to be sealed
     * by the adapter when it opens the database.
     */
    public static boolean hasPlainSecret(String text) {
        for (String raw : text.split("\n")) {
            int eq = raw.indexOf('=');
            if (eq > 0
                    && SECRET_KEY.matcher(raw.substring(0, eq)).matches()
                    && !SecretSeal.isSealed(raw.substring(eq + 1))) {
                return true;
            }
        }
        return false;
    }

    /** The keys of {@code s}'s secrets that are set ({@code wifi.0.psk}, {@code password_hash}): what the API says is "set". */
    public static List<String> secretKeys(ProfileSettings s) {
        return encode(s, v -> REDACTED)
                .lines()
                .filter(l -> SECRET_KEY.matcher(l.substring(0, l.indexOf('='))).matches())
                .map(l -> l.substring(0, l.indexOf('=')))
                .toList();
    }

    /**
     * Reads what an operator sends, which may be a redacted layer edited and sent back: a secret given as
     * {@link #REDACTED} keeps the one {@code stored} has (a network's by its SSID, the password hash); without one
     * to keep it is refused, naming the key.
     */
    public static ProfileSettings decode(String text, Optional<ProfileSettings> stored) {
        return decode(text, stored, UnaryOperator.identity());
    }

    private static ProfileSettings decode(String text, Optional<ProfileSettings> stored, UnaryOperator<String> open) {
        Map<String, String> v = new LinkedHashMap<>();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            if (raw.isEmpty()) {
                continue;
            }
            int eq = raw.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("profile line %d has no key=value: '%s'".formatted(number, raw));
            }
            if (v.put(raw.substring(0, eq), unescape(raw.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("profile key %s appears twice".formatted(raw.substring(0, eq)));
            }
        }
        ProfileSettings.Builder b = ProfileSettings.builder();
        Optional.ofNullable(v.remove("wifi.count")).ifPresent(c -> {
            List<WifiNetwork> networks = new ArrayList<>();
            for (int i = 0; i < count(c, "wifi"); i++) {
                String p = "wifi." + i + ".";
                String ssid = required(v, p + "ssid");
                String kind = required(v, p + "security");
                WifiSecurity security = switch (kind) {
                    case "open" -> new WifiSecurity.Open();
                    case "psk" -> new WifiSecurity.Psk(secret(v, p + "psk", storedSecret(stored, ssid), open));
                    case "eap" ->
                        new WifiSecurity.Eap(
                                required(v, p + "identity"),
                                secret(v, p + "password", storedSecret(stored, ssid), open));
                    default ->
                        throw new IllegalArgumentException(
                                "wifi security must be open, psk or eap, got '%s'".formatted(kind));
                };
                networks.add(new WifiNetwork(
                        ssid,
                        security,
                        Boolean.parseBoolean(required(v, p + "hidden")),
                        integer(required(v, p + "priority"), p + "priority")));
            }
            b.wifi(networks);
        });
        Optional.ofNullable(v.remove("wifi_country")).ifPresent(b::wifiCountry);
        Optional.ofNullable(v.remove("ssh_key.count"))
                .ifPresent(c -> b.sshKeys(items(v, "ssh_key", count(c, "ssh_key")).stream()
                        .map(AuthorizedKey::new)
                        .toList()));
        Optional.ofNullable(v.remove("password_login")).ifPresent(x -> b.passwordLogin(bool(x, "password_login")));
        if (v.containsKey("password_hash")) {
            b.passwordHash(new PasswordHash(secret(
                    v,
                    "password_hash",
                    stored.flatMap(ProfileSettings::passwordHash).map(PasswordHash::value),
                    open)));
        }
        Optional.ofNullable(v.remove("time_zone")).ifPresent(x -> b.timeZone(new TimeZoneName(x)));
        Optional.ofNullable(v.remove("locale")).ifPresent(x -> b.locale(new LocaleName(x)));
        Optional.ofNullable(v.remove("keyboard")).ifPresent(x -> b.keyboard(KeyboardLayout.parse(x)));
        Optional.ofNullable(v.remove("ntp.count"))
                .ifPresent(c -> b.ntp(items(v, "ntp", count(c, "ntp")).stream()
                        .map(NtpServer::new)
                        .toList()));
        Optional.ofNullable(v.remove("static_ipv4.address"))
                .ifPresent(cidr -> b.staticIpv4(staticIpv4(
                        cidr,
                        required(v, "static_ipv4.gateway"),
                        Optional.ofNullable(v.remove("static_ipv4.dns")).orElse(""))));
        Optional.ofNullable(v.remove("config_line.count"))
                .ifPresent(c ->
                        items(v, "config_line", count(c, "config_line")).forEach(l -> b.configLine(new ConfigLine(l))));
        for (String key : List.copyOf(v.keySet())) {
            if (key.startsWith("env.")) {
                b.env(EnvName.operator(key.substring(4)), v.remove(key));
            }
        }
        if (!v.isEmpty()) {
            throw new IllegalArgumentException("profile has unknown keys: " + String.join(", ", v.keySet()));
        }
        return b.build();
    }

    /** {@code 192.168.10.14/24}, a gateway and comma-separated DNS servers (may be empty). */
    public static StaticIpv4 staticIpv4(String cidr, String gateway, String dns) {
        String c = cidr == null ? "" : cidr.strip();
        int slash = c.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "static ipv4 address must be address/prefix like 192.168.10.14/24, got '%s'".formatted(c));
        }
        List<Ipv4Address> servers = dns == null || dns.isBlank()
                ? List.of()
                : java.util.Arrays.stream(dns.split(","))
                        .map(d -> Ipv4Address.parse(d, "static ipv4 dns server"))
                        .toList();
        return new StaticIpv4(
                Ipv4Address.parse(c.substring(0, slash), "static ipv4 address"),
                integer(c.substring(slash + 1), "static ipv4 prefix"),
                Ipv4Address.parse(gateway, "static ipv4 gateway"),
                servers);
    }

    private static List<String> items(Map<String, String> v, String name, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(required(v, name + "." + i));
        }
        return out;
    }

    private static int count(String text, String name) {
        int n = integer(text, name + ".count");
        if (n < 0 || n > 64) {
            throw new IllegalArgumentException(name + ".count must be 0-64, got " + n);
        }
        return n;
    }

    private static String required(Map<String, String> v, String key) {
        String value = v.remove(key);
        if (value == null) {
            throw new IllegalArgumentException("profile is missing " + key);
        }
        return value;
    }

    private static String secret(Map<String, String> v, String key, Optional<String> kept, UnaryOperator<String> open) {
        String value = required(v, key);
        if (value.equals(REDACTED)) {
            return kept.orElseThrow(() -> new IllegalArgumentException(
                    key + " is " + REDACTED + " and there is no stored secret to keep: give the secret itself"));
        }
        return open.apply(value);
    }

    private static Optional<String> storedSecret(Optional<ProfileSettings> stored, String ssid) {
        return stored.flatMap(ProfileSettings::wifi).stream()
                .flatMap(List::stream)
                .filter(n -> n.ssid().equals(ssid))
                .findFirst()
                .flatMap(n -> switch (n.security()) {
                    case WifiSecurity.Open o -> Optional.<String>empty();
                    case WifiSecurity.Psk k -> Optional.of(k.psk());
                    case WifiSecurity.Eap e -> Optional.of(e.password());
                });
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%s must be a whole number, got '%s'".formatted(what, text), e);
        }
    }

    private static boolean bool(String text, String what) {
        return switch (text.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("%s must be true or false, got '%s'".formatted(what, text));
        };
    }

    /** {@code %}, CR and LF as {@code %25}, {@code %0D}, {@code %0A}: a value stays on its line. */
    static String escape(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '%') {
                String code = value.length() >= i + 3 ? value.substring(i + 1, i + 3) : "";
                out.append(
                        switch (code) {
                            case "25" -> '%';
                            case "0D" -> '\r';
                            case "0A" -> '\n';
                            default ->
                                throw new IllegalArgumentException(
                                        "profile value has a bad escape: '%s'".formatted(value));
                        });
                i += 2;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
