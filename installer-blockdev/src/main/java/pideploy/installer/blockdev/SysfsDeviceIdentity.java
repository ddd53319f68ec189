package pideploy.installer.blockdev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.DeviceIdentity;

/**
 * Identity adapter for Linux: the serial number from {@code /proc/cpuinfo} ({@code Serial : ...}) or else the device
 * tree ({@code /sys/firmware/devicetree/base/serial-number}); the MAC address of the first physical network
 * interface in {@code /sys/class/net} (one with a {@code device} link; wired before wireless, then by name).
 */
public final class SysfsDeviceIdentity implements DeviceIdentity {
    private static final Pattern SERIAL = Pattern.compile("(?m)^Serial\\s*:\\s*([0-9A-Fa-f]+)\\s*$");
    private static final String NO_MAC = "00:00:00:00:00:00";

    private final Path systemRoot;

    public SysfsDeviceIdentity(Path systemRoot) {
        this.systemRoot = Objects.requireNonNull(systemRoot, "systemRoot");
    }

    @Override
    public DeviceFacts detect() {
        return new DeviceFacts(serial(), mac());
    }

    Optional<String> serial() {
        Optional<String> fromCpuinfo = LinuxTargetDevice.readOptional(systemRoot.resolve("proc/cpuinfo"))
                .map(SERIAL::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1));
        return fromCpuinfo
                .or(() -> LinuxTargetDevice.readOptional(
                        systemRoot.resolve("sys/firmware/devicetree/base/serial-number")))
                .map(s -> s.toLowerCase(Locale.ROOT))
                .filter(s -> !s.chars().allMatch(c -> c == '0'));
    }

    Optional<String> mac() {
        Path net = systemRoot.resolve("sys/class/net");
        if (!Files.isDirectory(net)) {
            return Optional.empty();
        }
        try (Stream<Path> interfaces = Files.list(net)) {
            return interfaces
                    .filter(i -> Files.exists(i.resolve("device")))
                    .sorted(Comparator.comparing(
                                    (Path i) -> i.getFileName().toString().startsWith("w"))
                            .thenComparing(i -> i.getFileName().toString()))
                    .map(i -> LinuxTargetDevice.readOptional(i.resolve("address")))
                    .flatMap(Optional::stream)
                    .map(a -> a.toLowerCase(Locale.ROOT))
                    .filter(a -> !a.equals(NO_MAC))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
