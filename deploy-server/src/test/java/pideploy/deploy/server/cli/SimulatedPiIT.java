package pideploy.deploy.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.PiDeployServer;
import pideploy.deploy.server.config.ServerSettings;

/** The demo's simulated Pi, started by the real demo hook on a real seeded server, with a stand-in launcher. */
class SimulatedPiIT {
    @TempDir
    Path dir;

    @Test
    void startsAPacedInstallerAndSaysInOneLineWhereToWatchIt() throws Exception {
        Path args = dir.resolve("args.txt");
        Path launcher = dir.resolve("pi-installer");
        Files.writeString(launcher, "#!/bin/sh\necho \"$@\" > '" + args + "'\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        PiDeployServer server = PiDeployServer.start(ServerSettings.forTest(dir.resolve("data"), "demo-password-1"));
        try {
            DemoSeed.seed(server.core());
            long imageBytes = server.core()
                    .listImages()
                    .find(DemoSeed.PRODUCT, DemoSeed.IMAGE_VERSION)
                    .orElseThrow()
                    .sizeBytes();
            StringWriter out = new StringWriter();

            Process pi = DemoCommand.simulatedPi(server, new PrintWriter(out), launcher)
                    .orElseThrow();

            assertThat(pi.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out.toString()
                            .lines()
                            .filter(l -> l.contains("watch it:"))
                            .toList())
                    .singleElement()
                    .isEqualTo("  watch it:  open %s/ (login admin / demo-password-1): the simulated Pi writes, "
                                    .formatted(server.adminUrl())
                            + "verifies and customizes its card over about 75 s");
            String passed = Files.readString(args).strip();
            long rate = DemoCommand.cardRate(imageBytes);
            assertThat(passed)
                    .contains("--transfer raw")
                    .endsWith("--card-rate " + rate)
                    .containsPattern("--device \\S*/simulated-pi/sdcard.img ");
            // Written once and read back once at that rate: the 75 s the line promises, within a second.
            assertThat((2 * imageBytes + (2L << 20)) / (double) rate).isBetween(74.0, 76.0);
        } finally {
            server.stop();
        }
    }
}
