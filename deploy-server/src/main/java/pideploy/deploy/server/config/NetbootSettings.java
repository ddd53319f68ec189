package pideploy.deploy.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server keeps the netboot kit (docs/netboot.md): whether it builds the kit itself (at start and whenever
 * the active image changes), the device listener's URL the kit names (else the public URL), and the dnsmasq
 * configuration file the System page compares with the kit, and where pi-installer.jar is (else
 * {@code PIDEPLOY_INSTALLER_DIR}, the release package's or the source tree's {@code installer-cli/target}).
 */
public record NetbootSettings(
        boolean build, Optional<String> serverUrl, Path dnsmasqConfig, Optional<Path> installerDir) {
    /** Where Debian's dnsmasq reads drop-in files; `pideploy netboot dnsmasq-config --out` writes there. */
    public static final Path DEFAULT_DNSMASQ_CONFIG = Path.of("/etc/dnsmasq.d/pideploy.conf");

    public NetbootSettings {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(dnsmasqConfig, "dnsmasqConfig");
        Objects.requireNonNull(installerDir, "installerDir");
    }

    /** The server does not build kits; `pideploy netboot build` does, by hand. */
    public static NetbootSettings manual() {
        return new NetbootSettings(false, Optional.empty(), DEFAULT_DNSMASQ_CONFIG, Optional.empty());
    }
}
