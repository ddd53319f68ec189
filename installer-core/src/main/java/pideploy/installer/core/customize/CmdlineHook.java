package pideploy.installer.core.customize;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Edits the single line of {@code cmdline.txt}. The result is always one line with no trailing newline, as
 * Raspberry Pi Imager writes it (rpi-imager {@code downloadthread.cpp _customizeImage}).
 */
public final class CmdlineHook {

    /** Where Bookworm and later mount the boot partition; a Pi 5 runs nothing older. */
    public static final String BOOT_MOUNT = "/boot/firmware";

    /**
     * Imager's hook, with the script at {@code /boot/firmware} instead of {@code /boot}: systemd.run starts it as a
     * oneshot unit, the boot does only that job, and success reboots into a normal boot.
     */
    public static final String FIRSTRUN_HOOK = " systemd.run=" + BOOT_MOUNT + "/firstrun.sh"
            + " systemd.run_success_action=reboot systemd.unit=kernel-command-line.target";

    private CmdlineHook() {
    }

    /** The line with our firstrun hook appended (once, even if the image already carried it). */
    public static String withFirstRun(String cmdline) {
        String line = singleLine(cmdline).replace(FIRSTRUN_HOOK.strip(), "").strip().replaceAll(" {2,}", " ");
        return line + FIRSTRUN_HOOK;
    }

    /** The line with any NoCloud {@code ds=} token replaced by {@code ds=nocloud;i=<instanceId>}. */
    public static String withNoCloud(String cmdline, String instanceId) {
        String kept = Arrays.stream(singleLine(cmdline).split(" "))
                .filter(token -> !token.isEmpty() && !token.startsWith("ds=nocloud"))
                .collect(Collectors.joining(" "));
        return kept + " ds=nocloud;i=" + instanceId;
    }

    private static String singleLine(String cmdline) {
        // The firmware reads only the first line; a stray newline would hide everything after it.
        return cmdline.replace('\r', ' ').replace('\n', ' ').strip();
    }
}
