package pideploy.deploy.core.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One layer of a profile: what a product, venue, batch or device sets. Everything is optional; an empty
 * {@code Optional} leaves the setting to the layers below, an empty list that is present clears it (ADR-0061).
 *
 * @param wifi          the networks, replacing those of lower layers when present
 * @param wifiCountry   the regulatory country, two upper-case letters ({@code GB})
 * @param sshKeys       authorized keys of the default user, replacing those of lower layers when present
 * @param passwordLogin whether SSH accepts passwords (false: keys only)
 * @param passwordHash  the default user's password
 * @param timeZone      the tz name
 * @param locale        the system locale
 * @param keyboard      the console and X keyboard layout
 * @param ntp           NTP servers, replacing those of lower layers when present
 * @param staticIpv4    a fixed address; only a device's own layer may set one
 * @param configLines   lines appended to config.txt; every layer's are kept, lowest first, duplicates once
 * @param env           operator keys of device.env, merged by key (a higher layer's value wins); values may hold
 *                      the placeholders {@link #PLACEHOLDERS}
 */
public record ProfileSettings(
        Optional<List<WifiNetwork>> wifi,
        Optional<String> wifiCountry,
        Optional<List<AuthorizedKey>> sshKeys,
        Optional<Boolean> passwordLogin,
        Optional<PasswordHash> passwordHash,
        Optional<TimeZoneName> timeZone,
        Optional<LocaleName> locale,
        Optional<KeyboardLayout> keyboard,
        Optional<List<NtpServer>> ntp,
        Optional<StaticIpv4> staticIpv4,
        List<ConfigLine> configLines,
        Map<EnvName, String> env) {

    /** What an env value may say in braces; replaced per device when the config is answered. */
    public static final Set<String> PLACEHOLDERS =
            Set.of("hostname", "venue", "product", "identifier", "deployment_id", "serial");

    public static final ProfileSettings EMPTY = builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public ProfileSettings {
        wifi = Objects.requireNonNull(wifi, "wifi").map(List::copyOf);
        wifiCountry = Objects.requireNonNull(wifiCountry, "wifiCountry").map(String::strip);
        wifiCountry.ifPresent(c -> {
            if (!COUNTRY.matcher(c).matches()) {
                throw new IllegalArgumentException(
                        "wifi country must be two upper-case letters (ISO 3166), e.g. GB, got '%s'".formatted(c));
            }
        });
        sshKeys = Objects.requireNonNull(sshKeys, "sshKeys").map(List::copyOf);
        Objects.requireNonNull(passwordLogin, "passwordLogin");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(keyboard, "keyboard");
        ntp = Objects.requireNonNull(ntp, "ntp").map(List::copyOf);
        Objects.requireNonNull(staticIpv4, "staticIpv4");
        configLines = List.copyOf(configLines);
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        wifi.ifPresent(ProfileSettings::refuseDuplicateSsids);
        if (wifi.map(List::size).orElse(0) > 16) {
            throw new IllegalArgumentException("a profile takes at most 16 wifi networks, got "
                    + wifi.get().size());
        }
        if (sshKeys.map(List::size).orElse(0) > 64) {
            throw new IllegalArgumentException(
                    "a profile takes at most 64 ssh keys, got " + sshKeys.get().size());
        }
        if (ntp.map(List::size).orElse(0) > 8) {
            throw new IllegalArgumentException(
                    "a profile takes at most 8 ntp servers, got " + ntp.get().size());
        }
        if (configLines.size() > 64 || env.size() > 64) {
            throw new IllegalArgumentException("a profile takes at most 64 config.txt lines and 64 env keys");
        }
        env.forEach(ProfileSettings::checkEnvValue);
    }

    private static void refuseDuplicateSsids(List<WifiNetwork> networks) {
        Set<String> seen = new LinkedHashSet<>();
        for (WifiNetwork n : networks) {
            if (!seen.add(n.ssid())) {
                throw new IllegalArgumentException("wifi network '%s' is listed twice".formatted(n.ssid()));
            }
        }
    }

    private static void checkEnvValue(EnvName name, String value) {
        Objects.requireNonNull(value, "env value of " + name);
        if (value.length() > 1000 || value.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch == 0x7f)) {
            throw new IllegalArgumentException(
                    "env value of %s must be one line of at most 1000 characters".formatted(name));
        }
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException("env value of %s has the unknown placeholder {%s}; known: %s"
                        .formatted(
                                name,
                                m.group(1),
                                String.join(
                                        ", ",
                                        new java.util.TreeSet<>(PLACEHOLDERS)
                                                .stream()
                                                        .map(p -> "{" + p + "}")
                                                        .toList())));
            }
        }
    }

    /** True when this layer sets nothing. */
    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /**
     * This layer laid over {@code lower}: what this one sets wins; config.txt lines accumulate (lower first,
     * each once) and env keys merge by key; every other list is replaced whole (ADR-0061).
     */
    public ProfileSettings over(ProfileSettings lower) {
        List<ConfigLine> lines = new ArrayList<>(new LinkedHashSet<>(concat(lower.configLines, configLines)));
        Map<EnvName, String> mergedEnv = new TreeMap<>(lower.env);
        mergedEnv.putAll(env);
        return new ProfileSettings(
                wifi.or(lower::wifi),
                wifiCountry.or(lower::wifiCountry),
                sshKeys.or(lower::sshKeys),
                passwordLogin.or(lower::passwordLogin),
                passwordHash.or(lower::passwordHash),
                timeZone.or(lower::timeZone),
                locale.or(lower::locale),
                keyboard.or(lower::keyboard),
                ntp.or(lower::ntp),
                staticIpv4.or(lower::staticIpv4),
                lines,
                mergedEnv);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a layer field by field; unset fields stay empty. */
    public static final class Builder {
        private Optional<List<WifiNetwork>> wifi = Optional.empty();
        private Optional<String> wifiCountry = Optional.empty();
        private Optional<List<AuthorizedKey>> sshKeys = Optional.empty();
        private Optional<Boolean> passwordLogin = Optional.empty();
        private Optional<PasswordHash> passwordHash = Optional.empty();
        private Optional<TimeZoneName> timeZone = Optional.empty();
        private Optional<LocaleName> locale = Optional.empty();
        private Optional<KeyboardLayout> keyboard = Optional.empty();
        private Optional<List<NtpServer>> ntp = Optional.empty();
        private Optional<StaticIpv4> staticIpv4 = Optional.empty();
        private final List<ConfigLine> configLines = new ArrayList<>();
        private final Map<EnvName, String> env = new TreeMap<>();

        public Builder wifi(List<WifiNetwork> v) {
            wifi = Optional.of(v);
            return this;
        }

        public Builder wifiCountry(String v) {
            wifiCountry = Optional.of(v);
            return this;
        }

        public Builder sshKeys(List<AuthorizedKey> v) {
            sshKeys = Optional.of(v);
            return this;
        }

        public Builder passwordLogin(boolean v) {
            passwordLogin = Optional.of(v);
            return this;
        }

        public Builder passwordHash(PasswordHash v) {
            passwordHash = Optional.of(v);
            return this;
        }

        public Builder timeZone(TimeZoneName v) {
            timeZone = Optional.of(v);
            return this;
        }

        public Builder locale(LocaleName v) {
            locale = Optional.of(v);
            return this;
        }

        public Builder keyboard(KeyboardLayout v) {
            keyboard = Optional.of(v);
            return this;
        }

        public Builder ntp(List<NtpServer> v) {
            ntp = Optional.of(v);
            return this;
        }

        public Builder staticIpv4(StaticIpv4 v) {
            staticIpv4 = Optional.of(v);
            return this;
        }

        public Builder configLine(ConfigLine v) {
            configLines.add(v);
            return this;
        }

        public Builder env(EnvName name, String value) {
            env.put(name, value);
            return this;
        }

        public ProfileSettings build() {
            return new ProfileSettings(
                    wifi,
                    wifiCountry,
                    sshKeys,
                    passwordLogin,
                    passwordHash,
                    timeZone,
                    locale,
                    keyboard,
                    ntp,
                    staticIpv4,
                    configLines,
                    env);
        }
    }
}
