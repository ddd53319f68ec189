package pideploy.installer.cli;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;
import java.util.SplittableRandom;
import pideploy.installer.blockdev.LinuxTargetDevice;
import pideploy.installer.blockdev.SysfsDeviceIdentity;
import pideploy.installer.blockdev.SystemctlRebooter;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.Sleeper;
import pideploy.installer.core.port.TargetDevice;
import pideploy.installer.core.workflow.InstallDevice;
import pideploy.installer.core.workflow.InstallSettings;
import pideploy.installer.core.workflow.TransferSettings;

/** Builds the install use case for given options; the real one wires the Linux and HTTP adapters. */
@FunctionalInterface
public interface InstallerWiring {

    InstallDevice wire(InstallOptions options, InstallObserver observer);

    /** The real installer: HTTP server, Linux target and identity, systemctl reboot, system clock. */
    static InstallerWiring linux() {
        return (options, observer) -> new InstallDevice(
                new HttpDeploymentServer(options.server()),
                target(options),
                new SysfsDeviceIdentity(options.systemRoot()),
                new SystemctlRebooter(),
                Sleeper.system(),
                InstantSource.system(),
                // Seeded from the OS so a fleet booted at the same instant does not retry in lockstep.
                new SplittableRandom(new SecureRandom().nextLong()),
                observer,
                new InstallSettings(options.retry(), TransferSettings.DEFAULT, options.transfer(), options.timeout()),
                Optional.of(new ZstdRangeCodec()));
    }

    /** The Linux target, slowed to {@code --card-rate} when given (the demo's simulated Pi). */
    private static TargetDevice target(InstallOptions options) {
        TargetDevice device = new LinuxTargetDevice(options.device(), options.systemRoot());
        return options.cardRate()
                .<TargetDevice>map(rate ->
                        new PacedTargetDevice(device, new CardPace(rate, InstantSource.system(), Sleeper.system())))
                .orElse(device);
    }
}
