package pideploy.installer.blockdev;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import pideploy.installer.core.port.RebootFailedException;
import pideploy.installer.core.port.Rebooter;

/** Reboot adapter: runs {@code systemctl reboot} (an argument array, no shell) and checks its exit status. */
public final class SystemctlRebooter implements Rebooter {
    private static final System.Logger LOG = System.getLogger(SystemctlRebooter.class.getName());

    private final List<String> command;

    public SystemctlRebooter() {
        this(List.of("systemctl", "reboot"));
    }

    /** Runs {@code command} instead (an initramfs without systemd: {@code reboot -f}; tests). */
    public SystemctlRebooter(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the reboot command must not be empty");
        }
        this.command = List.copyOf(command);
    }

    @Override
    public void reboot() {
        LOG.log(Level.INFO, "rebooting: {0}", String.join(" ", command));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new RebootFailedException("%s did not finish within 60 s".formatted(String.join(" ", command)));
            }
            if (process.exitValue() != 0) {
                throw new RebootFailedException("%s exited with %d: %s"
                        .formatted(
                                String.join(" ", command),
                                process.exitValue(),
                                errors.isEmpty() ? "(no error output)" : errors));
            }
        } catch (IOException e) {
            throw new RebootFailedException("cannot run %s: %s".formatted(String.join(" ", command), e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebootFailedException("interrupted while running " + String.join(" ", command));
        }
    }
}
