package pideploy.deploy.server.netboot;

import java.util.List;

/**
 * What a built kit holds, as {@code pideploy netboot build} prints it and {@code pideploy-kit.txt} records it.
 *
 * @param bootFiles      files taken from the image's boot partition (kernels, device trees, overlays, firmware)
 * @param kernels        the kernel files among them
 * @param initramfsBytes size of the initramfs (it must stay under the TFTP limit of older bootloaders)
 * @param runtime        the Java runtime inside ({@code JAVA_VERSION} of its release file)
 * @param modules        kernel modules copied in (0 when the kernel has its drivers built in)
 */
public record KitSummary(
        List<String> bootFiles, List<String> kernels, long initramfsBytes, String runtime, int modules) {}
