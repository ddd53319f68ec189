package pideploy.architecture;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every PiDeploy package that a rule names, in ArchUnit's package syntax ({@code ..} = this package and below).
 *
 * <p>Rules take package names only from here. {@link PackagesTest} checks that each {@code String} constant matches
 * at least one production class, so a rename or a typo fails loudly instead of leaving a rule that checks nothing.
 * When you add a module, add its constant and put it in the right group below.
 */
final class Packages {

    static final String DISK_IMAGE = "pideploy.disk.image..";
    /** The device protocol both programs speak (ADR-0037). */
    static final String WIRE = "pideploy.wire..";

    static final String DEPLOY_CORE = "pideploy.deploy.core..";
    static final String DEPLOY_PERSISTENCE_SQLITE = "pideploy.deploy.persistence.sqlite..";
    /** Image files in a local directory (ADR-0064). */
    static final String DEPLOY_STORAGE_FS = "pideploy.deploy.storage.fs..";
    /** The second persistence adapter (ADR-0059): it must never see the SQLite one, nor the other way round. */
    static final String DEPLOY_PERSISTENCE_POSTGRESQL = "pideploy.deploy.persistence.postgresql..";

    static final String DEPLOY_HTTP_HELIDON = "pideploy.deploy.http.helidon..";
    static final String DEPLOY_TRANSFER_ZSTD = "pideploy.deploy.transfer.zstd..";
    static final String DEPLOY_SERVER = "pideploy.deploy.server..";

    static final String INSTALLER_CORE = "pideploy.installer.core..";
    static final String INSTALLER_BLOCKDEV = "pideploy.installer.blockdev..";
    static final String INSTALLER_CLI = "pideploy.installer.cli..";

    /** Everything of the server program: its core, its adapters and its composition root. */
    static final String DEPLOY_SIDE = "pideploy.deploy..";
    /** Everything of the installer program: its core, its adapters and its composition root. */
    static final String INSTALLER_SIDE = "pideploy.installer..";
    /** Any core, present or future: where time must come from an injected clock. */
    static final String ANY_CORE = "..core..";

    /** The plain-Java hexagons. They may use {@link #DISK_IMAGE}, {@link #WIRE} and the JDK, nothing else. */
    static final List<String> CORES = List.of(DEPLOY_CORE, INSTALLER_CORE);
    /** Technology adapters: they implement or drive one core's ports and never see each other. */
    static final List<String> ADAPTERS = List.of(
            DEPLOY_PERSISTENCE_SQLITE,
            DEPLOY_PERSISTENCE_POSTGRESQL,
            DEPLOY_STORAGE_FS,
            DEPLOY_HTTP_HELIDON,
            DEPLOY_TRANSFER_ZSTD,
            INSTALLER_BLOCKDEV);
    /** Programs' entry points: the only places that wire adapters together and talk to the terminal. */
    static final List<String> COMPOSITION_ROOTS = List.of(DEPLOY_SERVER, INSTALLER_CLI);
    /** Every production module, one package tree each. */
    static final List<String> MODULES = Stream.of(List.of(DISK_IMAGE, WIRE), CORES, ADAPTERS, COMPOSITION_ROOTS)
            .flatMap(List::stream)
            .toList();

    private Packages() {}

    /** The patterns of a group, as the varargs array ArchUnit's DSL takes. */
    static String[] all(List<String> group) {
        return group.toArray(String[]::new);
    }

    /** The patterns of two groups, as the varargs array ArchUnit's DSL takes. */
    static String[] all(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toArray(String[]::new);
    }

    /** The package name a {@code "pideploy.x.y.."} pattern stands for: {@code "pideploy.x.y"}. */
    static String packageName(String pattern) {
        if (!pattern.startsWith("pideploy.") || !pattern.endsWith("..")) {
            throw new IllegalArgumentException("not a 'pideploy.<module>..' pattern: '%s'".formatted(pattern));
        }
        return pattern.substring(0, pattern.length() - 2);
    }
}
