package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pi-installer capture --from-cmdline}: what the netboot capture kit's /init runs (ADR-0105). */
class CaptureCommandTest {
    @TempDir
    Path root;

    private CaptureCommand parsed(String cmdline, String... args) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cmdline"), cmdline);
        CaptureCommand command = new CaptureCommand();
        command.systemRoot = root;
        command.clock = Clock.fixed(Instant.parse("2026-12-04T02:31:05Z"), ZoneOffset.UTC);
        new CommandLine(command).parseArgs(args);
        command.resolveFromCmdline();
        return command;
    }

    @Test
    void takesTheOperatorServerProductAndVersionFromTheKernelCommandLine() throws Exception {
        CaptureCommand command = parsed(
                "console=tty1 pideploy_server=http://10.42.0.2:5001 pideploy_product=KXP2 pideploy_capture=1 "
                        + "pideploy_capture_server=http://10.42.0.2:5000 pideploy_capture_version=2026.12-ref quiet\n",
                "--from-cmdline");

        assertThat(command.server).isEqualTo("http://10.42.0.2:5000");
        assertThat(command.product).isEqualTo("KXP2");
        assertThat(command.version).isEqualTo("2026.12-ref");
    }

    @Test
    void defaultsTheVersionToTheUtcTimeAndTheServerToTheInstallersOne() throws Exception {
        CaptureCommand command = parsed(
                "pideploy_server=http://10.42.0.2:5000 pideploy_product=KXP2 pideploy_capture=1", "--from-cmdline");

        assertThat(command.server).isEqualTo("http://10.42.0.2:5000");
        assertThat(command.version).isEqualTo("2026.12.04-023105");
    }

    @Test
    void optionsWinOverTheKernelCommandLine() throws Exception {
        CaptureCommand command = parsed(
                "pideploy_capture_server=http://10.42.0.2:5000 pideploy_product=KXP2 pideploy_capture_version=a",
                "--from-cmdline",
                "--server",
                "http://127.0.0.1:5000",
                "--product",
                "KXP3",
                "--version",
                "b");

        assertThat(command.server).isEqualTo("http://127.0.0.1:5000");
        assertThat(command.product).isEqualTo("KXP3");
        assertThat(command.version).isEqualTo("b");
    }

    @Test
    void aMissingValueIsAUsageErrorNamingTheKeyThatWouldGiveIt() {
        assertThatThrownBy(() -> parsed("pideploy_capture_server=http://10.42.0.2:5000 quiet", "--from-cmdline"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--product is required (or pideploy_product=");
        assertThatThrownBy(() -> parsed("pideploy_product=KXP2", "--from-cmdline"))
                .hasMessageContaining("--server is required (or pideploy_capture_server=");
        assertThatThrownBy(() -> parsed(
                        "pideploy_server=http://10.42.0.2:5000 pideploy_product=KXP2",
                        "--server",
                        "http://127.0.0.1:5000",
                        "--product",
                        "KXP2"))
                .as("without --from-cmdline the kernel command line is not read and the version is required")
                .hasMessageContaining("--version is required");
    }
}
