package pideploy.installer.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import pideploy.installer.core.transfer.TransferMode;
import pideploy.installer.core.workflow.RetryPolicy;

/** The installer's settings, collected from the options, the kernel command line and defaults. */
public record InstallOptions(ServerAddress server, String product, String venue, Path device, boolean reboot,
                             boolean customize, Optional<String> serial, Optional<String> mac, Path systemRoot,
                             RetryPolicy retry, TransferMode transfer) {

    /** Options with the default transfer: the best form the server offers. */
    public InstallOptions(ServerAddress server, String product, String venue, Path device, boolean reboot,
                          boolean customize, Optional<String> serial, Optional<String> mac, Path systemRoot,
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
        if (product == null || !product.matches("[A-Za-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("--product must be a product code like KXP2, was '%s'".formatted(product));
        }
        if (venue == null || !venue.matches("[A-Za-z0-9]{4}")) {
            throw new IllegalArgumentException("--venue must be a 4-letter venue code like CORO, was '%s'".formatted(venue));
        }
    }
}
