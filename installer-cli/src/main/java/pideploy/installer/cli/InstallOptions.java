package pideploy.installer.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import pideploy.installer.core.transfer.TransferMode;
import pideploy.installer.core.workflow.RetryPolicy;

/**
 * The installer's settings, collected from the options, the kernel command line and defaults; {@code timeout}
 * limits the whole run, {@code cardRate} (bytes per second) makes the target a slow card (ADR-0048).
 */
public record InstallOptions(
        ServerAddress server,
        String product,
        String venue,
        Path device,
        boolean reboot,
        boolean customize,
        Optional<String> serial,
        Optional<String> mac,
        Path systemRoot,
        RetryPolicy retry,
        TransferMode transfer,
        Optional<Duration> timeout,
        Optional<Long> cardRate) {

    /** Options without a time limit or pace. */
    public InstallOptions(
            ServerAddress server,
            String product,
            String venue,
            Path device,
            boolean reboot,
            boolean customize,
            Optional<String> serial,
            Optional<String> mac,
            Path systemRoot,
            RetryPolicy retry,
            TransferMode transfer) {
        this(
                server,
                product,
                venue,
                device,
                reboot,
                customize,
                serial,
                mac,
                systemRoot,
                retry,
                transfer,
                Optional.empty(),
                Optional.empty());
    }

    /** Options with the default transfer: the best form the server offers. */
    public InstallOptions(
            ServerAddress server,
            String product,
            String venue,
            Path device,
            boolean reboot,
            boolean customize,
            Optional<String> serial,
            Optional<String> mac,
            Path systemRoot,
            RetryPolicy retry) {
        this(server, product, venue, device, reboot, customize, serial, mac, systemRoot, retry, TransferMode.AUTO);
    }

    public InstallOptions {
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(systemRoot, "systemRoot");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cardRate, "cardRate");
        if (product == null || !product.matches("[A-Za-z0-9-]{1,32}")) {
            throw new IllegalArgumentException(
                    "--product must be a product code like KXP2, was '%s'".formatted(product));
        }
        if (venue == null || !venue.matches("[A-Za-z0-9]{4}")) {
            throw new IllegalArgumentException(
                    "--venue must be a 4-letter venue code like CORO, was '%s'".formatted(venue));
        }
    }
}
