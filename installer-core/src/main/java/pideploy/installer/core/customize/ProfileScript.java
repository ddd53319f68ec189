package pideploy.installer.core.customize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import pideploy.installer.core.port.DeviceProfile;

/**
 * The first boot's profile step (ADR-0062): a POSIX sh fragment that writes the device profile into the root
 * filesystem under {@code $ROOT}, the same for both customization methods (inline in firstrun.sh; a script that
 * cloud-init's {@code runcmd} starts). Files are written from here-documents with a quoted delimiter (nothing in them
 * is expanded), single values go in shell single quotes, and each file format gets its own escaping: GLib key-file
 * escapes in NetworkManager keyfiles, double quotes with {@code \ " $ `} escaped in device.env (what both sh and
 * systemd's {@code EnvironmentFile=} read back unchanged).
 */
public final class ProfileScript {
    static final String DELIMITER = "PIDEPLOY_PROFILE_FILE";
    /** Where the app's environment file goes. */
    public static final String DEVICE_ENV = "/etc/pideploy/device.env";

    static final String CONNECTIONS = "/etc/NetworkManager/system-connections";
    /** Where the operator's hooks wait for the phone-home to run them (ADR-0094). */
    public static final String HOOKS_DIR = "/usr/local/lib/pideploy/hooks";

    /** {@code 00-camera-app.v2}: the run order, the name and the version, which the phone-home reads back. */
    static String hookFile(int index, DeviceProfile.Hook h) {
        return "%02d-%s.v%d".formatted(index, h.name(), h.version());
    }

    private ProfileScript() {}

    /** The fragment; empty when the profile sets nothing. */
    public static String render(DeviceProfile p, FirstBootIdentity id) {
        if (p.equals(DeviceProfile.NONE)) {
            return "";
        }
        StringBuilder sh = new StringBuilder();
        sh.append("""
                # Device profile (ADR-0062): what this device gets beyond its hostname.
                echo "pideploy firstrun: applying the device profile"
                FIRST_USER=$(awk -F: '$3 == 1000 {print $1; exit}' "$ROOT/etc/passwd" 2>/dev/null)
                FIRST_HOME=$(awk -F: '$3 == 1000 {print $6; exit}' "$ROOT/etc/passwd" 2>/dev/null)
                FIRST_GID=$(awk -F: '$3 == 1000 {print $4; exit}' "$ROOT/etc/passwd" 2>/dev/null)
                """);
        wifi(sh, p);
        if (!p.sshAuthorizedKeys().isEmpty()) {
            sh.append("""
                    if [ -n "$FIRST_USER" ]; then
                      mkdir -p "$ROOT$FIRST_HOME/.ssh"
                      chmod 700 "$ROOT$FIRST_HOME/.ssh"
                    """);
            file(sh, "$ROOT$FIRST_HOME/.ssh/authorized_keys", "600", String.join("\n", p.sshAuthorizedKeys()) + "\n");
            sh.append("""
                      chown -R "1000:$FIRST_GID" "$ROOT$FIRST_HOME/.ssh" || echo "pideploy firstrun: chown .ssh failed"
                    else
                      echo "pideploy firstrun: no user with uid 1000, authorized_keys not written"
                    fi
                    """);
        }
        if (!p.sshAuthorizedKeys().isEmpty() || p.sshPasswordLogin().isPresent()) {
            sh.append("""
                    mkdir -p "$ROOT/etc/systemd/system/multi-user.target.wants"
                    ln -sf /lib/systemd/system/ssh.service "$ROOT/etc/systemd/system/multi-user.target.wants/ssh.service"
                    """);
        }
        p.sshPasswordLogin().ifPresent(allowed -> {
            sh.append("mkdir -p \"$ROOT/etc/ssh/sshd_config.d\"\n");
            String yesNo = allowed ? "yes" : "no";
            file(
                    sh,
                    "$ROOT/etc/ssh/sshd_config.d/pideploy.conf",
                    "644",
                    "# PiDeploy device profile\n" + "PasswordAuthentication " + yesNo
                            + "\nKbdInteractiveAuthentication " + yesNo + "\n");
        });
        p.passwordHash().ifPresent(hash -> sh.append("""
                if [ -n "$FIRST_USER" ] && [ -f "$ROOT/etc/shadow" ]; then
                  awk -F: -v OFS=: -v u="$FIRST_USER" -v h=%s '$1 == u {$2 = h} {print}' "$ROOT/etc/shadow" >"$ROOT/etc/shadow.pideploy" \\
                    && cat "$ROOT/etc/shadow.pideploy" >"$ROOT/etc/shadow"
                  rm -f "$ROOT/etc/shadow.pideploy" "$ROOT/etc/ssh/sshd_config.d/rename_user.conf"
                fi
                """.formatted(quote(hash))));
        p.timeZone().ifPresent(tz -> sh.append("""
                ln -sf %1$s "$ROOT/etc/localtime"
                echo %2$s >"$ROOT/etc/timezone"
                """.formatted(quote("/usr/share/zoneinfo/" + tz), quote(tz))));
        p.locale().ifPresent(locale -> {
            sh.append("mkdir -p \"$ROOT/etc/default\"\n");
            file(sh, "$ROOT/etc/default/locale", "644", "LANG=" + locale + "\n");
            sh.append("""
                    if [ -f "$ROOT/etc/locale.gen" ]; then
                      sed -i %s "$ROOT/etc/locale.gen"
                    fi
                    if [ -z "$ROOT" ] && command -v locale-gen >/dev/null 2>&1; then locale-gen; fi
                    """.formatted(quote("s/^# *\\(" + locale.replace(".", "\\.") + " UTF-8\\)/\\1/")));
        });
        p.keyboard().ifPresent(k -> {
            String layout = k.contains(":") ? k.substring(0, k.indexOf(':')) : k;
            String variant = k.contains(":") ? k.substring(k.indexOf(':') + 1) : "";
            sh.append("mkdir -p \"$ROOT/etc/default\"\n");
            file(sh, "$ROOT/etc/default/keyboard", "644", """
                    # PiDeploy device profile
                    XKBMODEL="pc105"
                    XKBLAYOUT="%s"
                    XKBVARIANT="%s"
                    XKBOPTIONS=""
                    BACKSPACE="guess"
                    """.formatted(layout, variant));
        });
        if (!p.ntpServers().isEmpty()) {
            sh.append("mkdir -p \"$ROOT/etc/systemd/timesyncd.conf.d\"\n");
            file(
                    sh,
                    "$ROOT/etc/systemd/timesyncd.conf.d/pideploy.conf",
                    "644",
                    "[Time]\nNTP=" + String.join(" ", p.ntpServers()) + "\n");
        }
        if (!p.deviceEnv().isEmpty()) {
            sh.append("mkdir -p \"$ROOT/etc/pideploy\"\n");
            file(sh, "$ROOT" + DEVICE_ENV, "644", deviceEnv(p, id));
        }
        if (!p.hooks().isEmpty()) {
            // Run by the phone-home once the network is up (ADR-0094); NN- keeps the server's order.
            sh.append("mkdir -p \"$ROOT" + HOOKS_DIR + "\"\nchmod 700 \"$ROOT" + HOOKS_DIR + "\"\n");
            for (int i = 0; i < p.hooks().size(); i++) {
                DeviceProfile.Hook h = p.hooks().get(i);
                file(sh, "$ROOT" + HOOKS_DIR + "/" + hookFile(i, h), "700", h.script());
            }
        }
        return sh.toString();
    }

    private static void wifi(StringBuilder sh, DeviceProfile p) {
        p.wifiCountry().ifPresent(c -> sh.append("""
                # Wi-Fi stays soft-blocked until a country is set; the regulatory domain itself is on cmdline.txt.
                for f in "$ROOT"/var/lib/systemd/rfkill/*:wlan; do [ -e "$f" ] && echo 0 >"$f"; done
                """));
        List<Connection> connections = connections(p);
        if (!connections.isEmpty()) {
            sh.append("mkdir -p \"$ROOT").append(CONNECTIONS).append("\"\n");
        }
        for (Connection c : connections) {
            file(sh, "$ROOT" + CONNECTIONS + "/" + c.name() + ".nmconnection", "600", c.keyfile());
        }
    }

    /** One NetworkManager keyfile. */
    record Connection(String name, String keyfile) {}

    /**
     * The keyfiles: one per Wi-Fi network ({@code pideploy-wifi-N}); the static address goes on the Wi-Fi
     * connections when there are any (a venue camera lives on Wi-Fi), else on a wired one for eth0.
     */
    static List<Connection> connections(DeviceProfile p) {
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < p.wifi().size(); i++) {
            DeviceProfile.Wifi w = p.wifi().get(i);
            String name = "pideploy-wifi-" + i;
            StringBuilder k = new StringBuilder();
            k.append("[connection]\nid=")
                    .append(name)
                    .append("\nuuid=")
                    .append(uuid(name + "/" + w.ssid()))
                    .append("\ntype=wifi\ninterface-name=wlan0\nautoconnect=true\nautoconnect-priority=")
                    .append(w.priority())
                    .append("\n\n[wifi]\nmode=infrastructure\nssid=")
                    .append(ssid(w.ssid()))
                    .append('\n');
            if (w.hidden()) {
                k.append("hidden=true\n");
            }
            switch (w.security()) {
                case "psk" ->
                    k.append("\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=")
                            .append(keyfileValue(w.secret()))
                            .append('\n');
                case "eap" ->
                    k.append("\n[wifi-security]\nkey-mgmt=wpa-eap\n\n[802-1x]\neap=peap;\nidentity=")
                            .append(keyfileValue(w.identity()))
                            .append("\npassword=")
                            .append(keyfileValue(w.secret()))
                            .append("\nphase2-auth=mschapv2\n");
                default -> {}
            }
            k.append('\n').append(ipv4(p.staticIpv4())).append("\n[ipv6]\naddr-gen-mode=default\nmethod=auto\n");
            out.add(new Connection(name, k.toString()));
        }
        if (p.wifi().isEmpty() && p.staticIpv4().isPresent()) {
            out.add(new Connection(
                    "pideploy-wired",
                    "[connection]\nid=pideploy-wired\nuuid=" + uuid("pideploy-wired")
                            + "\ntype=ethernet\ninterface-name=eth0\nautoconnect=true\nautoconnect-priority=100\n\n[ethernet]\n\n"
                            + ipv4(p.staticIpv4()) + "\n[ipv6]\naddr-gen-mode=default\nmethod=auto\n"));
        }
        return out;
    }

    private static String ipv4(Optional<DeviceProfile.StaticIpv4> ip) {
        if (ip.isEmpty()) {
            return "[ipv4]\nmethod=auto\n";
        }
        DeviceProfile.StaticIpv4 s = ip.get();
        return "[ipv4]\nmethod=manual\naddress1=%s/%d,%s\n%s"
                .formatted(
                        s.address(),
                        s.prefix(),
                        s.gateway(),
                        s.dns().isEmpty() ? "" : "dns=" + String.join(";", s.dns()) + ";\n");
    }

    /** A stable UUID per connection, so re-running the same profile rewrites the same connection. */
    private static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(("pideploy:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An SSID as NetworkManager's keyfile reads it: plain for names of letters, digits, space, {@code _.-} (not at
     * either end a space); anything else as its UTF-8 bytes in decimal, {@code 67;111;...;}, which the keyfile
     * reader takes literally.
     */
    static String ssid(String ssid) {
        if (ssid.matches("[A-Za-z0-9_.-]([A-Za-z0-9 _.-]*[A-Za-z0-9_.-])?")) {
            return ssid;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : ssid.getBytes(StandardCharsets.UTF_8)) {
            out.append(b & 0xff).append(';');
        }
        return out.toString();
    }

    /** GLib key-file value escaping: backslash, a leading space, and control characters. */
    static String keyfileValue(String v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case ' ' -> out.append(i == 0 ? "\\s" : " ");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** device.env: a header line, then {@code NAME="value"} per entry with {@code \ " $ `} escaped. */
    static String deviceEnv(DeviceProfile p, FirstBootIdentity id) {
        StringBuilder out = new StringBuilder("# Written by PiDeploy for deployment " + id.deploymentId() + " ("
                + id.hostname() + "). Read by systemd EnvironmentFile= and by sh.\n");
        for (DeviceProfile.EnvEntry e : p.deviceEnv()) {
            out.append(e.name()).append("=\"");
            for (char ch : e.value().toCharArray()) {
                if (ch == '\\' || ch == '"' || ch == '$' || ch == '`') {
                    out.append('\\');
                }
                out.append(ch);
            }
            out.append("\"\n");
        }
        return out.toString();
    }

    /** Writes {@code content} to {@code path} (already shell-safe: only {@code $ROOT}-style variables in it). */
    private static void file(StringBuilder sh, String path, String mode, String content) {
        for (String line : content.split("\n", -1)) {
            if (line.equals(DELIMITER)) {
                throw new IllegalArgumentException("a profile value is the here-document delimiter " + DELIMITER);
            }
        }
        sh.append("cat >\"")
                .append(path)
                .append("\" <<'")
                .append(DELIMITER)
                .append("'\n")
                .append(content);
        if (!content.endsWith("\n")) {
            sh.append('\n');
        }
        sh.append(DELIMITER)
                .append('\n')
                .append("chmod ")
                .append(mode)
                .append(" \"")
                .append(path)
                .append("\"\n");
    }

    /** {@code value} in shell single quotes ({@code '} as {@code '\''}). */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * cmdline.txt with the Wi-Fi regulatory domain ({@code cfg80211.ieee80211_regdom=GB}, as Raspberry Pi Imager
     * sets it), any earlier such token replaced; unchanged without a country.
     */
    public static String withRegulatoryDomain(String cmdline, Optional<String> country) {
        if (country.isEmpty()) {
            return cmdline;
        }
        String trailing = cmdline.endsWith("\n") ? "\n" : "";
        String line = cmdline.strip()
                .replaceAll("(^| )cfg80211\\.ieee80211_regdom=\\S*", "")
                .strip();
        return line + " cfg80211.ieee80211_regdom=" + country.get() + trailing;
    }

    /**
     * config.txt with the profile's lines appended under {@code [all]}, after a marker comment; unchanged when there
     * are none.
     */
    public static String withConfigLines(String configTxt, List<String> lines) {
        if (lines.isEmpty()) {
            return configTxt;
        }
        StringBuilder out = new StringBuilder(configTxt);
        if (!configTxt.isEmpty() && !configTxt.endsWith("\n")) {
            out.append('\n');
        }
        out.append("\n# Added by PiDeploy (device profile)\n[all]\n");
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
