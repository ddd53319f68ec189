package pideploy.installer.core.customize;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Edits the single line of {@code cmdline.txt}. The result is always one line with no trailing newline, as
 * Raspberry Pi Imager writes it (rpi-imager {@code downloadthread.cpp _customizeImage}).
 */
public final class CmdlineHook {

    /** Any earlier hook of ours, wherever its script was. */
    private static final String ANY_FIRSTRUN_HOOK = "systemd\\.run=\\S*/firstrun\\.sh "
            + "systemd\\.run_success_action=reboot systemd\\.unit=kernel-command-line\\.target";

    private CmdlineHook() {}

    /**
     * Imager's hook with the script where the booted system mounts the boot partition ({@code bootMount}):
     * systemd.run starts it as a oneshot unit, the boot does only that job, and success reboots into a normal boot.
     */
    public static String firstRunHook(BootMount bootMount) {
        return " systemd.run=" + bootMount.path() + "/firstrun.sh"
                + " systemd.run_success_action=reboot systemd.unit=kernel-command-line.target";
    }

    /** The line with our firstrun hook for a Bookworm layout ({@code /boot/firmware}) appended. */
    public static String withFirstRun(String cmdline) {
        return withFirstRun(cmdline, BootMount.bookworm());
    }

    /** The line with our firstrun hook appended (once, even if the image already carried one). */
    public static String withFirstRun(String cmdline, BootMount bootMount) {
        String line =
                singleLine(cmdline).replaceAll(ANY_FIRSTRUN_HOOK, "").strip().replaceAll(" {2,}", " ");
        return line + firstRunHook(bootMount);
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
