package pideploy.installer.core.customize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generated firstrun.sh and phone-home scripts with /bin/sh against a directory tree shaped like a Pi's
 * root filesystem, with the system tools they call (curl, ssh-keygen, findmnt, resize2fs, hostname) stubbed to
 * record their arguments.
 */
class FirstRunScriptIT {
    private static final String ORIGINAL_CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=abcdef01-02 "
            + "rootfstype=ext4 fsck.repair=yes rootwait quiet";
    private static final FirstBootIdentity ID =
            new FirstBootIdentity("KXP2-CORO-001", "42", "10000000abcdef01", "http://10.42.0.1:5001/api/status");

    @TempDir
    Path dir;

    private Path root;
    private Path stubs;
    private Path calls;

    @BeforeEach
    void piRootFilesystem() throws IOException {
        root = dir.resolve("root");
        stubs = dir.resolve("stubs");
        calls = dir.resolve("calls.log");
        write(root.resolve("etc/hostname"), "raspberrypi\n");
        write(
                root.resolve("etc/hosts"),
                "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost\n127.0.1.1\traspberrypi\n");
        write(root.resolve("etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
        write(root.resolve("var/lib/dbus/machine-id"), "0123456789abcdef0123456789abcdef\n");
        write(root.resolve("etc/ssh/ssh_host_ed25519_key"), "golden private key\n");
        write(root.resolve("etc/ssh/ssh_host_ed25519_key.pub"), "golden public key\n");
        write(root.resolve("etc/ssh/sshd_config"), "PermitRootLogin no\n");
        write(root.resolve("proc/cpuinfo"), "Revision\t: d04170\nSerial\t\t: 2c5a1b3e9d7f4a61\n");
        write(root.resolve("boot/firmware/cmdline.txt"), CmdlineHook.withFirstRun(ORIGINAL_CMDLINE));
        Files.write(root.resolve("boot/firmware/firstrun.sh"), FirstRunScript.render(ID));
        stub("curl", "echo \"curl $*\" >>" + calls);
        stub("ssh-keygen", "echo \"ssh-keygen $*\" >>" + calls);
        stub("findmnt", "echo /dev/mmcblk0p2");
        stub("resize2fs", "echo \"resize2fs $*\" >>" + calls);
        stub("hostname", "cat \"$PIDEPLOY_FIRSTRUN_ROOT/etc/hostname\"");
    }

    @Test
    void firstRunGivesTheCardItsIdentityArmsThePhoneHomeAndRemovesItsHookAndItself() throws Exception {
        run(root.resolve("boot/firmware/firstrun.sh"));

        assertThat(read("etc/hostname")).isEqualTo("KXP2-CORO-001\n");
        assertThat(read("etc/hosts"))
                .contains("127.0.1.1\tKXP2-CORO-001\n")
                .doesNotContain("raspberrypi")
                .contains("127.0.0.1\tlocalhost\n");
        assertThat(read("etc/machine-id")).isEqualTo("uninitialized\n");
        assertThat(root.resolve("var/lib/dbus/machine-id")).doesNotExist();
        assertThat(root.resolve("etc/ssh/ssh_host_ed25519_key")).doesNotExist();
        assertThat(root.resolve("etc/ssh/ssh_host_ed25519_key.pub")).doesNotExist();
        assertThat(root.resolve("etc/ssh/sshd_config")).exists();
        assertThat(Files.readAllLines(calls)).contains("ssh-keygen -A -f " + root, "resize2fs /dev/mmcblk0p2");
        assertThat(read("boot/firmware/cmdline.txt")).isEqualTo(ORIGINAL_CMDLINE);
        assertThat(root.resolve("boot/firmware/firstrun.sh")).doesNotExist();
        assertThat(root.resolve("usr/local/sbin/pideploy-phone-home")).isExecutable();
        assertThat(read("etc/systemd/system/pideploy-phone-home.service"))
                .contains("After=network-online.target")
                .contains("ExecStart=/usr/local/sbin/pideploy-phone-home");
        assertThat(Files.readSymbolicLink(
                        root.resolve("etc/systemd/system/multi-user.target.wants/pideploy-phone-home.service")))
                .isEqualTo(Path.of("/etc/systemd/system/pideploy-phone-home.service"));
    }

    @Test
    void onAnOlderReleaseTheScriptFindsCmdlineAndItselfUnderBoot() throws Exception {
        BootMount legacy = new BootMount("/boot", "test");
        write(root.resolve("boot/cmdline.txt"), CmdlineHook.withFirstRun(ORIGINAL_CMDLINE, legacy));
        Files.write(root.resolve("boot/firstrun.sh"), FirstRunScript.render(ID, legacy));

        run(root.resolve("boot/firstrun.sh"));

        assertThat(read("etc/hostname")).isEqualTo("KXP2-CORO-001\n");
        assertThat(read("boot/cmdline.txt")).isEqualTo(ORIGINAL_CMDLINE);
        assertThat(root.resolve("boot/firstrun.sh")).doesNotExist();
        assertThat(read("boot/firmware/cmdline.txt"))
                .as("the other layout's files are not touched")
                .contains("systemd.run=/boot/firmware/firstrun.sh");
    }

    @Test
    void theHookRemovalKeepsWhatTheOsChangedOnTheLineMeanwhile() throws Exception {
        // Bookworm's own first boot gives the disk a new PARTUUID and rewrites cmdline.txt before our script runs.
        write(
                root.resolve("boot/firmware/cmdline.txt"),
                CmdlineHook.withFirstRun(ORIGINAL_CMDLINE.replace("abcdef01", "5e3da3b1")));

        run(root.resolve("boot/firmware/firstrun.sh"));

        assertThat(read("boot/firmware/cmdline.txt")).isEqualTo(ORIGINAL_CMDLINE.replace("abcdef01", "5e3da3b1"));
    }

    @Test
    void phoneHomeReportsBootedWithTheHostnameAndSerialThenRemovesItself() throws Exception {
        run(root.resolve("boot/firmware/firstrun.sh"));

        run(root.resolve("usr/local/sbin/pideploy-phone-home"));

        String curl = Files.readAllLines(calls).stream()
                .filter(l -> l.startsWith("curl "))
                .findFirst()
                .orElseThrow();
        assertThat(curl)
                // What took effect follows (ADR-0094); the addresses are this machine's, so only their key is checked.
                .contains("--data {\"deployment_id\":42,\"status\":\"booted\","
                        + "\"hostname\":\"KXP2-CORO-001\",\"serial\":\"2c5a1b3e9d7f4a61\",\"addresses\":[")
                .endsWith("http://10.42.0.1:5001/api/status")
                .contains("Content-Type: application/json");
        assertThat(root.resolve("usr/local/sbin/pideploy-phone-home")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/pideploy-phone-home.service"))
                .doesNotExist();
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/pideploy-phone-home.service"))
                .doesNotExist();
    }

    @Test
    void phoneHomeSendsTheDeviceSecretWithBooted() throws Exception {
        FirstBootIdentity proven = new FirstBootIdentity(
                "KXP2-CORO-001",
                "42",
                "10000000abcdef01",
                "http://10.42.0.1:5001/api/status",
                "q3Vb0y2lLQm6nT0m1cQ8Ck9iXc2v8m0r3Hk5pWz7s1A");
        Files.write(root.resolve("boot/firmware/firstrun.sh"), FirstRunScript.render(proven));
        run(root.resolve("boot/firmware/firstrun.sh"));

        run(root.resolve("usr/local/sbin/pideploy-phone-home"));

        String curl = Files.readAllLines(calls).stream()
                .filter(l -> l.startsWith("curl "))
                .findFirst()
                .orElseThrow();
        assertThat(curl)
                .contains("--data {\"deployment_id\":42,\"status\":\"booted\","
                        + "\"hostname\":\"KXP2-CORO-001\",\"serial\":\"2c5a1b3e9d7f4a61\","
                        + "\"device_secret\":\"q3Vb0y2lLQm6nT0m1cQ8Ck9iXc2v8m0r3Hk5pWz7s1A\",\"addresses\":[");
    }

    @Test
    void phoneHomePostsToTheEscapedUrlWhateverItsQueryHolds() throws Exception {
        FirstBootIdentity id = new FirstBootIdentity(
                "KXP2-CORO-001",
                "42",
                "10000000abcdef01",
                "http://10.42.0.1:5001/api/status?site=Corona Karting&who=O'Neil");
        Files.write(root.resolve("boot/firmware/firstrun.sh"), FirstRunScript.render(id));
        run(root.resolve("boot/firmware/firstrun.sh"));

        run(root.resolve("usr/local/sbin/pideploy-phone-home"));

        String curl = Files.readAllLines(calls).stream()
                .filter(l -> l.startsWith("curl "))
                .findFirst()
                .orElseThrow();
        assertThat(curl).endsWith(" http://10.42.0.1:5001/api/status?site=Corona%20Karting&who=O%27Neil");
    }

    private void run(Path script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", script.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        builder.environment().put("PIDEPLOY_FIRSTRUN_ROOT", root.toString());
        builder.environment().put("PATH", stubs + ":/usr/sbin:/usr/bin:/sbin:/bin");
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(Files.readString(dir.resolve("out.log")))
                .isZero();
    }

    private void stub(String name, String body) throws IOException {
        Path file = stubs.resolve(name);
        write(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String read(String relative) throws IOException {
        return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
