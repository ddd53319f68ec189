package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real pipeline over real loopback HTTP onto a real scratch file, as on a Pi. */
class SelfTestCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int selfTest(String... args) {
        String[] all = Stream.concat(Stream.of("self-test"), Stream.of(args)).toArray(String[]::new);
        return PiInstallerMain.run(
                (options, observer) -> {
                    throw new AssertionError("self-test must not wire an installation");
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                all);
    }

    @Test
    void writesVerifiesAndReportsTheRateThenDeletesItsScratchFile() throws IOException {
        int code = selfTest("--size", "16", "--dir", dir.toString());

        assertThat(code).as(err.toString()).isEqualTo(InstallerExitCodes.DONE);
        assertThat(out.toString()).contains("self-test: 16 MiB mapped", "read back verified", "MB/s", "O_DIRECT");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("scratch files left behind").isEmpty();
        }
    }

    @Test
    void refusesASizeOutOfRangeOrAMissingDirectoryAsUsage() {
        assertThat(selfTest("--size", "1", "--dir", dir.toString())).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(err.toString()).contains("--size must be 4-1024 MiB, was 1");
        assertThat(selfTest("--size", "1025", "--dir", dir.toString())).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(selfTest("--dir", dir.resolve("nope").toString())).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(err.toString()).contains("is not a directory");
    }

    @Test
    void theInstallCommandStillRunsWithoutTheSubcommand() {
        int code = PiInstallerMain.run(
                (options, observer) -> {
                    throw new AssertionError("options are checked before wiring");
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "--product",
                "KXP2");
        assertThat(code).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(err.toString()).contains("--server");
    }
}
