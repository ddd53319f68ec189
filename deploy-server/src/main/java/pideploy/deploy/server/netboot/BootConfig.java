package pideploy.deploy.server.netboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two text files of the kit that PiDeploy writes itself: {@code config.txt} (the image's own, with everything
 * that would boot the card's system taken out and PiDeploy's initramfs added) and {@code cmdline.txt} (one line naming
 * the server).
 */
public final class BootConfig {
    /** File name of the kit's initramfs in the TFTP root. */
    public static final String INITRAMFS = "pideploy-initramfs.gz";

    /** Lines the image may carry that would boot something other than the kit. */
    private static final List<String> DROPPED = List.of(
            "initramfs",
            "auto_initramfs",
            "os_prefix",
            "cmdline",
            "ramfsfile",
            "ramfsaddr",
            "kernel",
            "boot_partition");

    private BootConfig() {}

    /**
     * The image's {@code config.txt} with its sections ({@code [pi5]}, {@code [all]}, ...) and settings kept, minus the
     * lines that choose a kernel, initramfs, command line or OS prefix, plus an {@code [all]} section that loads the
     * kit's initramfs after the kernel. The kernel stays the firmware's default for the board
     * ({@code kernel_2712.img} on a Pi 5, {@code kernel8.img} on a Pi 4 with {@code arm_64bit=1}).
     */
    public static String configTxt(String imageConfig) {
        StringBuilder out = new StringBuilder("# PiDeploy netboot kit: the master image's config.txt, booting the "
                + "installer instead of the card\n");
        for (String line : imageConfig.replace("\r", "").split("\n", -1)) {
            String key = line.strip().toLowerCase(Locale.ROOT);
            int cut = key.indexOf('=');
            String name = (cut >= 0 ? key.substring(0, cut) : key.split("\\s+")[0]).strip();
            if (DROPPED.contains(name)) {
                out.append("# (PiDeploy) ").append(line.strip()).append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        out.append("\n[all]\n# PiDeploy: the installer's initramfs, loaded after whichever kernel the board takes\n")
                .append("initramfs ")
                .append(INITRAMFS)
                .append(" followkernel\n");
        return out.toString().replaceAll("\n{3,}", "\n\n");
    }

    /**
     * One line: serial and screen console, {@code rdinit=/init}, the server, and the product and venue when the kit
     * names them (a batch usually decides instead). Values may not contain spaces: the kernel splits on them.
     */
    public static String cmdlineTxt(String serverUrl, Optional<String> product, Optional<String> venue) {
        List<String> words = new ArrayList<>(List.of(
                "console=serial0,115200",
                "console=tty1",
                "rdinit=/init",
                "panic=10",
                "pideploy_server=" + noSpace("server URL", serverUrl)));
        product.ifPresent(p -> words.add("pideploy_product=" + noSpace("product", p)));
        venue.ifPresent(v -> words.add("pideploy_venue=" + noSpace("venue", v)));
        return String.join(" ", words) + "\n";
    }

    /**
     * The install line plus, for a capture kit (ADR-0105), {@code pideploy_capture=1}, the operator listener's URL
     * as {@code pideploy_capture_server=} and the version when given. A capture kit needs the product: the capture
     * is registered as a new version of it.
     */
    public static String cmdlineTxt(
            String serverUrl, Optional<String> product, Optional<String> venue, Optional<KitRequest.Capture> capture) {
        String line = cmdlineTxt(serverUrl, product, venue).stripTrailing();
        if (capture.isEmpty()) return line + "\n";
        if (product.isEmpty()) {
            throw new IllegalArgumentException("a capture kit needs the product the capture becomes a version of");
        }
        List<String> words = new ArrayList<>(List.of(
                line,
                "pideploy_capture=1",
                "pideploy_capture_server="
                        + noSpace("capture server URL", capture.get().operatorUrl())));
        capture.get().version().ifPresent(v -> words.add("pideploy_capture_version=" + noSpace("capture version", v)));
        return String.join(" ", words) + "\n";
    }

    private static String noSpace(String what, String value) {
        if (value.isBlank() || value.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException(
                    ("%s '%s' is empty or contains spaces; the kernel command line " + "splits on them")
                            .formatted(what, value));
        }
        return value;
    }
}
