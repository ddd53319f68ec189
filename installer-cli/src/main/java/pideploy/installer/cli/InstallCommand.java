package pideploy.installer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pideploy.installer.core.workflow.InstallOutcome;
import pideploy.installer.core.workflow.InstallRequest;
import pideploy.installer.core.workflow.RetryPolicy;

/** {@code pi-installer}: asks the server who this Pi is, writes and verifies its card, customizes it, reboots. */
@Command(
        name = "pi-installer",
        mixinStandardHelpOptions = true,
        versionProvider = InstallerVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Streams the master image the PiDeploy server assigns onto this Raspberry Pi's card, verifies "
                    + "every byte, gives the card its hostname and first-boot script, reports each step, and reboots.",
            "Refuses a target that is mounted, holds the running system or is smaller than the image."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done: card written, verified, customized, success reported",
            "1:unexpected internal error (a bug: please report it with the log)",
            "2:usage: bad or missing options",
            "3:target refused (missing, mounted, system disk, partition, too small) or no device identity",
            "4:server or config: unreachable after retries, or refused the device",
            "5:transfer or verification failed; the card has no partition table",
            "6:customization of the boot partition failed; the card has no partition table",
            "7:timed out (--timeout): the run took longer; the card has no partition table"
        })
public final class InstallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--server",
            paramLabel = "URL|IP",
            description = "Deployment server: a URL, or an IP address meaning http://IP:5001.")
    String server;

    @Option(names = "--product", paramLabel = "CODE", description = "Product this device becomes, e.g. KXP2.")
    String product;

    @Option(names = "--venue", paramLabel = "CODE", description = "Venue this device goes to, e.g. CORO.")
    String venue;

    @Option(
            names = "--device",
            paramLabel = "PATH",
            defaultValue = "/dev/mmcblk0",
            description = "Card (block device) or image file to write. Default: ${DEFAULT-VALUE}.")
    Path device;

    @Option(names = "--no-reboot", description = "Do not reboot when done.")
    boolean noReboot;

    @Option(names = "--skip-customize", description = "Write the image as it is: no hostname, no first-boot script.")
    boolean skipCustomize;

    @Option(
            names = "--from-cmdline",
            description = "Take --server, --product, --venue and --timeout from "
                    + "pideploy_server=, pideploy_product=, pideploy_venue=, pideploy_timeout= on the kernel command line "
                    + "(/proc/cmdline) where not given.")
    boolean fromCmdline;

    @Option(
            names = "--timeout",
            paramLabel = "N(s|m|h)",
            description = "Give up when the whole run takes longer, e.g. 30m: the step it was in is reported as "
                    + "failed and the card left without a partition table (exit 7). Default: no limit.")
    String timeout;

    @Option(names = "--serial", paramLabel = "S", description = "Use this serial number instead of the detected one.")
    String serial;

    @Option(names = "--mac", paramLabel = "M", description = "Use this MAC address instead of the detected one.")
    String mac;

    @Option(
            names = "--transfer",
            paramLabel = "auto|raw|zstd-ranges",
            defaultValue = "auto",
            description = "How the image travels: auto (default) takes the block-mapped zstd form when the server "
                    + "offers it (only the blocks holding data, compressed), else the raw image; raw always takes "
                    + "the raw image; zstd-ranges insists on the compressed form.")
    String transfer;

    @Option(
            names = "--system-root",
            paramLabel = "DIR",
            defaultValue = "/",
            hidden = true,
            description = "Read /proc and /sys under DIR (test rigs).")
    Path systemRoot;

    @Option(
            names = "--retry-attempts",
            paramLabel = "N",
            hidden = true,
            description = "Attempts per server request before giving up (test rigs).")
    Integer retryAttempts;

    @Option(
            names = "--card-rate",
            paramLabel = "BYTES[K|M]",
            hidden = true,
            description = "Pretend the target is a slow card: read and write it at most this fast per second "
                    + "(the demo's simulated Pi, test rigs).")
    String cardRate;

    @Option(
            names = "--retry-delay-ms",
            paramLabel = "MS",
            hidden = true,
            description = "First retry delay in milliseconds, doubling up to 30 s (test rigs).")
    Long retryDelayMillis;

    private final InstallerWiring wiring;
    private final boolean terminal;

    public InstallCommand(InstallerWiring wiring, boolean terminal) {
        this.wiring = wiring;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        InstallOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        ConsoleObserver observer = new ConsoleObserver(out, terminal, InstantSource.system(), 5_000);
        out.printf(
                "pi-installer: server %s, product %s, venue %s, target %s%n",
                options.server(), options.product(), options.venue(), options.device());
        // On a terminal the progress line is redrawn in place; log lines must not land on it.
        Runnable restoreLogging = terminal ? ProgressAwareLogHandler.install(observer) : () -> {};
        InstallOutcome outcome;
        try {
            outcome = wiring.wire(options, observer)
                    .install(new InstallRequest(
                            options.product(),
                            options.venue(),
                            options.serial(),
                            options.mac(),
                            options.server().statusUrl(),
                            options.customize(),
                            options.reboot()));
        } finally {
            restoreLogging.run();
        }
        observer.endLine();
        PrintWriter err = spec.commandLine().getErr();
        switch (outcome) {
            case InstallOutcome.Installed done ->
                out.printf(
                        "done: %s is deployment %s; %,.1f MiB written and verified in %.1f s (%.1f MiB/s)%s%s%n",
                        done.hostname(),
                        done.deploymentId(),
                        done.bytesWritten() / (double) (1 << 20),
                        done.writeTime().toMillis() / 1000.0,
                        done.writeBytesPerSecond() / (1 << 20),
                        done.customized() ? ", customized" : ", not customized",
                        done.rebootRequested() ? "; rebooting" : "");
            case InstallOutcome.Refused refused -> err.println("refused: " + refused.reason());
            case InstallOutcome.ServerFailed failed ->
                err.printf("failed at %s: %s%n", failed.step().wireName(), failed.reason());
            case InstallOutcome.TransferFailed failed ->
                err.printf("failed at %s: %s%n", failed.step().wireName(), failed.reason());
            case InstallOutcome.CustomizationFailed failed -> err.println("failed at customize: " + failed.reason());
            case InstallOutcome.TimedOut timedOut ->
                err.printf(
                        "%s at %s: stopped, reported as failed; the card " + "has no partition table%n",
                        timedOut.reason(), timedOut.step().wireName());
        }
        out.flush();
        err.flush();
        return InstallerExitCodes.of(outcome);
    }

    /** Options, kernel command line and defaults, validated into one record; bad values are usage errors. */
    InstallOptions options() {
        KernelCmdline cmdline = fromCmdline
                ? readCmdline()
                : new KernelCmdline(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        String serverText = Optional.ofNullable(server)
                .or(cmdline::server)
                .orElseThrow(() -> usage(
                        "--server is required (or pideploy_server= on the kernel command line with --from-cmdline)"));
        String productCode = Optional.ofNullable(product)
                .or(cmdline::product)
                .orElseThrow(() -> usage(
                        "--product is required (or pideploy_product= on the kernel command line with --from-cmdline)"));
        String venueCode = Optional.ofNullable(venue)
                .or(cmdline::venue)
                .orElseThrow(() -> usage(
                        "--venue is required (or pideploy_venue= on the kernel command line with --from-cmdline)"));
        RetryPolicy defaults = RetryPolicy.DEFAULT;
        try {
            RetryPolicy retry = new RetryPolicy(
                    retryDelayMillis == null ? defaults.initialDelay() : Duration.ofMillis(retryDelayMillis),
                    defaults.maxDelay(),
                    retryAttempts == null ? defaults.maxAttempts() : retryAttempts,
                    defaults.poolExhaustedDelay(),
                    defaults.maxPoolWaits());
            return new InstallOptions(
                    ServerAddress.parse(serverText),
                    productCode.toUpperCase(java.util.Locale.ROOT),
                    venueCode.toUpperCase(java.util.Locale.ROOT),
                    device,
                    !noReboot,
                    !skipCustomize,
                    Optional.ofNullable(serial).map(String::strip).filter(s -> !s.isEmpty()),
                    Optional.ofNullable(mac).map(String::strip).filter(s -> !s.isEmpty()),
                    systemRoot,
                    retry,
                    pideploy.installer.core.transfer.TransferMode.fromOption(transfer),
                    Optional.ofNullable(timeout).or(cmdline::timeout).map(InstallCommand::parseTimeout),
                    Optional.ofNullable(cardRate).map(CardPace::parseRate));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** {@code --timeout} (or {@code pideploy_timeout=}): a whole number of seconds, minutes or hours. */
    static Duration parseTimeout(String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d{1,6})([smh])").matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("--timeout must be a positive whole number of seconds, minutes or "
                    + "hours, e.g. 90s, 30m or 2h, was '%s'".formatted(text));
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private KernelCmdline readCmdline() {
        Path file = systemRoot.resolve("proc/cmdline");
        try {
            return KernelCmdline.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw usage("--from-cmdline: cannot read %s: %s".formatted(file, e.getMessage()));
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
