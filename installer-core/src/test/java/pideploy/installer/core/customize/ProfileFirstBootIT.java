package pideploy.installer.core.customize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeviceProfile;

/**
 * A device profile through the whole customization of a real image (sfdisk, mkfs.vfat, mkfs.ext4), read back with
 * mtools rather than our own FAT code, and the generated first-boot step run with /bin/sh on a directory tree shaped
 * like a Pi's root filesystem: the files land where NetworkManager, sshd, systemd and the app look, with their modes,
 * and both customization methods give the same tree.
 */
class ProfileFirstBootIT {
    private static final long MIB = 1 << 20;
    private static final long BOOT_OFFSET = 4 * MIB;
    private static final long BOOT_SIZE = 36 * MIB;
    private static final long ROOT_OFFSET = BOOT_OFFSET + BOOT_SIZE;
    private static final long ROOT_SIZE = 16 * MIB;
    private static final String CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=5e3da3b1-02 "
            + "rootfstype=ext4 fsck.repair=yes rootwait quiet";
    private static final FirstBootIdentity ID =
            new FirstBootIdentity("KXP2-CORO-014", "42", "10000000abcdef01", "http://10.42.0.1:5001/api/status");
    private static final DeviceProfile PROFILE = Profiles.venue(Profiles.address());

    @TempDir
    Path dir;

    private Path stubs;

    @BeforeEach
    void stubs() throws IOException {
        stubs = dir.resolve("stubs");
        for (String tool : List.of("curl", "ssh-keygen", "resize2fs", "locale-gen")) {
            stub(tool, "exit 0");
        }
        stub("findmnt", "echo /dev/mmcblk0p2");
        stub("hostname", "cat \"$PIDEPLOY_FIRSTRUN_ROOT/etc/hostname\"");
    }

    @Test
    void theBootPartitionGetsConfigLinesTheRegulatoryDomainAndAScriptThatWritesTheProfile() throws Exception {
        Path image = image();

        customize(image, CustomizationMethod.FIRSTRUN);

        Path boot = extractBoot(image);
        assertThat(mtype(boot, "config.txt"))
                .isEqualTo("arm_64bit=1\n\n# Added by PiDeploy (device profile)\n[all]\n"
                        + "dtoverlay=imx708\ncamera_auto_detect=0\n");
        assertThat(mtype(boot, "cmdline.txt")).startsWith(CMDLINE + " cfg80211.ieee80211_regdom=GB systemd.run=");
        String script = mtype(boot, "firstrun.sh");

        Path root = piRoot("firstrun");
        write(root.resolve("boot/firmware/cmdline.txt"), mtype(boot, "cmdline.txt"));
        write(root.resolve("boot/firmware/firstrun.sh"), script);
        run(root, root.resolve("boot/firmware/firstrun.sh"));

        Path wifi0 = root.resolve("etc/NetworkManager/system-connections/pideploy-wifi-0.nmconnection");
        assertThat(Files.readString(wifi0))
                .contains(
                        "ssid=Corona Karting\n",
                        "psk=\\sleading space \\\\ 'q'\n",
                        "address1=192.168.10.14/24,192.168.10.1\n");
        assertThat(mode(wifi0)).isEqualTo("rw-------");
        Path wifi1 = root.resolve("etc/NetworkManager/system-connections/pideploy-wifi-1.nmconnection");
        assertThat(Files.readString(wifi1)).contains("identity=cam01\n", "password=s3cret pass\n", "hidden=true\n");
        assertThat(mode(wifi1)).isEqualTo("rw-------");
        Path keys = root.resolve("home/pi/.ssh/authorized_keys");
        assertThat(Files.readString(keys)).isEqualTo(Profiles.KEY_A + "\n" + Profiles.KEY_B + "\n");
        assertThat(mode(keys)).isEqualTo("rw-------");
        assertThat(mode(root.resolve("home/pi/.ssh"))).isEqualTo("rwx------");
        if (isRoot()) {
            assertThat(Files.getAttribute(keys, "unix:uid")).isEqualTo(1000);
            assertThat(Files.getAttribute(root.resolve("home/pi/.ssh"), "unix:gid"))
                    .isEqualTo(1000);
        }
        assertThat(Files.readString(root.resolve("etc/ssh/sshd_config.d/pideploy.conf")))
                .contains("PasswordAuthentication no\n");
        assertThat(Files.readSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/ssh.service")))
                .isEqualTo(Path.of("/lib/systemd/system/ssh.service"));
        assertThat(Files.readString(root.resolve("etc/shadow")))
                .contains("pi:" + Profiles.HASH + ":19000:0:99999:7:::\n")
                .contains("root:*:19000:0:99999:7:::\n");
        assertThat(Files.readSymbolicLink(root.resolve("etc/localtime")))
                .isEqualTo(Path.of("/usr/share/zoneinfo/Europe/London"));
        assertThat(Files.readString(root.resolve("etc/timezone"))).isEqualTo("Europe/London\n");
        assertThat(Files.readString(root.resolve("etc/default/locale"))).isEqualTo("LANG=en_GB.UTF-8\n");
        assertThat(Files.readString(root.resolve("etc/locale.gen")))
                .contains("\nen_GB.UTF-8 UTF-8\n")
                .contains("# de_DE.UTF-8 UTF-8\n");
        assertThat(Files.readString(root.resolve("etc/default/keyboard")))
                .contains("XKBLAYOUT=\"de\"\n", "XKBVARIANT=\"nodeadkeys\"\n");
        assertThat(Files.readString(root.resolve("etc/systemd/timesyncd.conf.d/pideploy.conf")))
                .isEqualTo("[Time]\nNTP=ntp.coro.example 10.0.0.1\n");
        assertThat(Files.readString(root.resolve("var/lib/systemd/rfkill/platform-3f300000.mmcnr:wlan")))
                .isEqualTo("0\n");
        Path env = root.resolve("etc/pideploy/device.env");
        assertThat(mode(env)).isEqualTo("rw-r--r--");
        assertThat(shell(". '" + env + "'; printf '%s|%s' \"$PIDEPLOY_HOSTNAME\" \"$CAMERA_NAME\""))
                .isEqualTo("KXP2-CORO-014|" + Profiles.NASTY);
        // The script held the secrets; it is gone after the first boot.
        assertThat(root.resolve("boot/firmware/firstrun.sh")).doesNotExist();
        Path hooks = root.resolve("usr/local/lib/pideploy/hooks");
        assertThat(Files.readString(hooks.resolve("00-camera-app.v2"))).isEqualTo(Profiles.APP_HOOK);
        assertThat(Files.readString(hooks.resolve("01-check-camera.v1"))).isEqualTo(Profiles.FAILING_HOOK);
        assertThat(mode(hooks.resolve("00-camera-app.v2"))).isEqualTo("rwx------");
        assertThat(mode(hooks)).isEqualTo("rwx------");
        // Not run yet: the phone-home runs them on the next boot, when the network is up.
        assertThat(root.resolve("var/lib/camera-app-ran")).doesNotExist();
    }

    @Test
    void thePhoneHomeRunsTheHooksOnceAndReportsWhatTookEffect() throws Exception {
        Path root = piRoot("phone-home");
        write(
                root.resolve("etc/os-release"),
                "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        write(root.resolve("boot/firmware/cmdline.txt"), CMDLINE + "\n");
        write(
                root.resolve("boot/firmware/firstrun.sh"),
                new String(FirstRunScript.render(ID, BootMount.bookworm(), PROFILE), StandardCharsets.UTF_8));
        run(root, root.resolve("boot/firmware/firstrun.sh"));
        Path tools = dir.resolve("device-tools");
        Files.createDirectories(tools);
        tool(tools, "iwgetid", "echo 'Corona \"Karting\"'");
        tool(tools, "ip", "echo '3: wlan0    inet 192.168.10.14/24 brd 192.168.10.255 scope global wlan0'");
        List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/status", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"received\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            FirstBootIdentity local = new FirstBootIdentity(
                    "KXP2-CORO-014",
                    "42",
                    "10000000abcdef01",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/api/status");
            Path phoneHome = dir.resolve("phone-home.sh");
            write(phoneHome, FirstRunScript.phoneHome(local, false));
            for (int boot = 0; boot < 2; boot++) {
                ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", phoneHome.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("phone-home.log").toFile());
                builder.environment().put("PIDEPLOY_FIRSTRUN_ROOT", root.toString());
                builder.environment().put("PATH", tools + ":/usr/sbin:/usr/bin:/sbin:/bin");
                Process process = builder.start();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue())
                        .as(Files.readString(dir.resolve("phone-home.log")))
                        .isZero();
            }
        } finally {
            server.stop(0);
        }

        assertThat(bodies).hasSize(2);
        com.fasterxml.jackson.databind.JsonNode report =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(bodies.get(0));
        assertThat(report.path("status").asText()).isEqualTo("booted");
        assertThat(report.path("wifi_ssid").asText()).isEqualTo("Corona \"Karting\"");
        assertThat(report.path("addresses").toString()).isEqualTo("[\"192.168.10.14/24\"]");
        assertThat(report.path("os_version").asText()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(report.at("/hooks/0/name").asText()).isEqualTo("camera-app");
        assertThat(report.at("/hooks/0/version").asInt()).isEqualTo(2);
        assertThat(report.at("/hooks/0/exit_code").asInt()).isZero();
        assertThat(decode(report.at("/hooks/0/output_base64").asText())).isEqualTo("app for KXP2-CORO-014\n");
        assertThat(report.at("/hooks/1/name").asText()).isEqualTo("check-camera");
        assertThat(report.at("/hooks/1/exit_code").asInt()).isEqualTo(3);
        assertThat(decode(report.at("/hooks/1/output_base64").asText())).isEqualTo("no camera found\n");
        // A later boot reports the same run; the hooks ran once.
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(bodies.get(1))
                        .path("hooks"))
                .isEqualTo(report.path("hooks"));
        assertThat(Files.readString(root.resolve("var/lib/camera-app-ran"))).isEqualTo("ran\n");
    }

    private static String decode(String base64) {
        return new String(java.util.Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static void tool(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        write(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void cloudInitsApplyScriptGivesTheSameFilesAsFirstrun() throws Exception {
        Path image = image();
        customize(image, CustomizationMethod.CLOUD_INIT);
        Path boot = extractBoot(image);
        Map<String, Object> userData = new Yaml().load(mtype(boot, "user-data"));
        @SuppressWarnings("unchecked")
        Map<String, Object> apply = ((List<Map<String, Object>>) userData.get("write_files"))
                .stream()
                        .filter(f -> f.get("path").equals("/usr/local/sbin/pideploy-apply-profile"))
                        .findFirst()
                        .orElseThrow();
        assertThat(apply).containsEntry("permissions", "0700").containsEntry("encoding", "b64");
        assertThat(userData.get("runcmd").toString()).contains("[sh, /usr/local/sbin/pideploy-apply-profile]");
        Path viaCloudInit = piRoot("cloud-init");
        Path applyScript = dir.resolve("pideploy-apply-profile");
        Files.write(applyScript, Base64.getDecoder().decode((String) apply.get("content")));
        run(viaCloudInit, applyScript);

        Path viaFirstrun = piRoot("firstrun");
        Path firstrun = viaFirstrun.resolve("boot/firmware/firstrun.sh");
        write(viaFirstrun.resolve("boot/firmware/cmdline.txt"), CMDLINE);
        Files.write(firstrun, FirstRunScript.render(ID, BootMount.bookworm(), PROFILE));
        run(viaFirstrun, firstrun);

        Map<String, String> fromCloudInit = tree(viaCloudInit, "etc");
        Map<String, String> fromFirstrun = tree(viaFirstrun, "etc");
        // firstrun also does what cloud-init's own modules do (hostname, machine-id, phone-home unit).
        java.util.function.Predicate<String> identity = p -> p.startsWith("etc/hostname")
                || p.startsWith("etc/hosts")
                || p.startsWith("etc/machine-id")
                || p.contains("pideploy-phone-home");
        fromFirstrun.keySet().removeIf(identity);
        fromCloudInit.keySet().removeIf(identity);
        assertThat(fromCloudInit.keySet()).isEqualTo(fromFirstrun.keySet());
        assertThat(fromCloudInit)
                .isEqualTo(fromFirstrun)
                .containsKey("etc/pideploy/device.env 644")
                .containsKey("etc/NetworkManager/system-connections/pideploy-wifi-1.nmconnection 600");
        assertThat(tree(viaCloudInit, "home")).isEqualTo(tree(viaFirstrun, "home"));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Every regular file and link under {@code sub} as "path mode" to its content (or link target). */
    private static Map<String, String> tree(Path root, String sub) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root.resolve(sub))) {
            for (Path p : files.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel + " link", Files.readSymbolicLink(p).toString());
                } else if (Files.isRegularFile(p)) {
                    out.put(
                            rel + " "
                                    + Integer.toOctalString(
                                            mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))),
                            Files.readString(p));
                }
            }
        }
        return out;
    }

    private static int mode(java.util.Set<java.nio.file.attribute.PosixFilePermission> perms) {
        int m = 0;
        for (var p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return m;
    }

    private Path piRoot(String name) throws IOException {
        Path root = dir.resolve(name);
        write(root.resolve("etc/hostname"), "raspberrypi\n");
        write(root.resolve("etc/hosts"), "127.0.1.1\traspberrypi\n");
        write(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\npi:x:1000:1000:,,,:/home/pi:/bin/bash\n");
        write(root.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\npi:!:19000:0:99999:7:::\n");
        write(root.resolve("etc/locale.gen"), "# de_DE.UTF-8 UTF-8\n# en_GB.UTF-8 UTF-8\n# en_US.UTF-8 UTF-8\n");
        write(root.resolve("var/lib/systemd/rfkill/platform-3f300000.mmcnr:wlan"), "1\n");
        Files.createDirectories(root.resolve("home/pi"));
        return root;
    }

    private void customize(Path image, CustomizationMethod method) throws IOException {
        try (FileChannel card = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            byte[] head = new byte[4096];
            card.read(ByteBuffer.wrap(head), 0);
            CustomizationResult result = new CustomizeBootPartition(() -> Instant.parse("2026-12-01T10:00:00Z"))
                    .customize(card, head, method, ID, PROFILE);
            assertThat(result).isInstanceOf(CustomizationResult.Customized.class);
        }
    }

    private Path extractBoot(Path image) throws Exception {
        Path boot = dir.resolve("boot-back.img");
        Files.deleteIfExists(boot);
        run(
                "dd",
                "if=" + image,
                "of=" + boot,
                "bs=1M",
                "skip=" + BOOT_OFFSET / MIB,
                "count=" + BOOT_SIZE / MIB,
                "status=none");
        return boot;
    }

    private String mtype(Path fat, String name) throws Exception {
        Path out = dir.resolve("mtype.out");
        Process process = new ProcessBuilder("mcopy", "-n", "-i", fat.toString(), "::/" + name, out.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mcopy.log").toFile())
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(Files.readString(dir.resolve("mcopy.log")))
                .isZero();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return text;
    }

    /** MBR (sfdisk), FAT32 boot with cmdline.txt and config.txt (mkfs.vfat, mcopy), ext4 root (mkfs.ext4 -d). */
    private Path image() throws Exception {
        Path image = dir.resolve("pi.img");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(ByteBuffer.allocate(1), ROOT_OFFSET + ROOT_SIZE - 1);
        }
        Files.writeString(dir.resolve("layout.sfdisk"), """
                label: dos
                label-id: 0x5e3da3b1
                unit: sectors

                start=%d, size=%d, type=c
                start=%d, size=%d, type=83
                """.formatted(
                        BOOT_OFFSET / 512, BOOT_SIZE / 512, ROOT_OFFSET / 512, ROOT_SIZE / 512));
        run("sh", "-c", "sfdisk -q --no-reread --no-tell-kernel pi.img < layout.sfdisk");
        Path boot = dir.resolve("boot.img");
        Files.deleteIfExists(boot);
        run(
                "mkfs.vfat",
                "-C",
                "-F",
                "32",
                "-s",
                "1",
                "-n",
                "bootfs",
                boot.toString(),
                String.valueOf(BOOT_SIZE / 1024));
        Files.writeString(dir.resolve("cmdline.txt"), CMDLINE + "\n");
        Files.writeString(dir.resolve("config.txt"), "arm_64bit=1\n");
        run("mcopy", "-o", "-i", boot.toString(), "cmdline.txt", "config.txt", "::/");
        Path tree = dir.resolve("rootfs");
        write(tree.resolve("etc/fstab"), "PARTUUID=5e3da3b1-01 /boot/firmware vfat defaults 0 2\n");
        Path root = dir.resolve("root.img");
        run("mkfs.ext4", "-q", "-F", "-d", tree.toString(), root.toString(), (ROOT_SIZE / 1024) + "k");
        run("dd", "if=boot.img", "of=pi.img", "bs=1M", "seek=" + BOOT_OFFSET / MIB, "conv=notrunc", "status=none");
        run("dd", "if=root.img", "of=pi.img", "bs=1M", "seek=" + ROOT_OFFSET / MIB, "conv=notrunc", "status=none");
        return image;
    }

    private void run(Path root, Path script) throws Exception {
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

    private String shell(String command) throws Exception {
        Process process = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private void run(String... command) throws Exception {
        Path log = dir.resolve("tool.log");
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + Files.readString(log))
                .isZero();
    }

    private static boolean isRoot() throws IOException {
        return "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private void stub(String name, String body) throws IOException {
        Path file = stubs.resolve(name);
        write(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
