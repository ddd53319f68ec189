package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.cli.ExitCodes;

/** The admin commands on a real SQLite data directory, through picocli with captured output. */
class CommandLineTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        return runOn(dir, args);
    }

    Run runOn(Path data, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = data.toString();
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void profileSetShowAndPreviewNeverPrintTheSecretAndRefuseBadInputNamingIt() throws Exception {
        assertThat(run("venue", "add", "CORO", "--name", "Coronado").code()).isZero();
        Path layer = dir.resolve("coro.profile");
        java.nio.file.Files.writeString(
                layer,
                "wifi.count=1\nwifi.0.ssid=Coronado\nwifi.0.security=psk\n"
                        + "wifi.0.psk=correct horse battery\nwifi.0.hidden=false\nwifi.0.priority=0\ntime_zone=Europe/London\n");

        Run set = run("profile", "set", "venue", "CORO", "--file", layer.toString());
        Run show = run("profile", "show", "venue", "CORO");

        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out() + show.out()).doesNotContain("correct horse").contains("wifi.0.psk=<redacted>");
        assertThat(show.out()).contains("time_zone=Europe/London\n");
        java.nio.file.Files.writeString(layer, "time_zone=Europe/Londn\n");
        Run bad = run("profile", "set", "venue", "CORO", "--file", layer.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("Europe/Londn");
        assertThat(run("profile", "show", "venue", "CORO").out()).contains("time_zone=Europe/London\n");
        assertThat(run("profile", "show", "venue", "LEMA").code()).isEqualTo(1);
    }

    @Test
    void hookUploadVersionsDiffShowAndRemoveAreAuditedAndRefuseBadScripts() throws Exception {
        assertThat(run("venue", "add", "CORO", "--name", "Coronado").code()).isZero();
        Path script = dir.resolve("camera-app.sh");
        java.nio.file.Files.writeString(script, "#!/bin/sh\nset -e\necho one\n");
        Run first = run("hook", "upload", "venue", "CORO", "camera-app", "--file", script.toString());
        Run same = run("hook", "upload", "venue", "CORO", "camera-app", "--file", script.toString());
        java.nio.file.Files.writeString(script, "#!/bin/sh\nset -e\necho two\n");
        Run second = run("hook", "upload", "venue", "CORO", "camera-app", "--file", script.toString());

        assertThat(first.out()).as(first.err()).contains("uploaded venue CORO camera-app v1");
        assertThat(same.out()).contains("unchanged: venue CORO camera-app v1");
        assertThat(second.out()).contains("uploaded venue CORO camera-app v2");
        assertThat(run("hook", "versions", "venue", "CORO", "camera-app").out()).contains("v1  by ", "v2  by ");
        assertThat(run("hook", "diff", "venue", "CORO", "camera-app").out())
                .isEqualTo(" #!/bin/sh\n set -e\n-echo one\n+echo two\n");
        assertThat(run("hook", "show", "venue", "CORO", "camera-app", "--version", "1")
                        .out())
                .isEqualTo("#!/bin/sh\nset -e\necho one\n");
        assertThat(run("hook", "list").out()).contains("venue CORO camera-app v2");

        java.nio.file.Files.writeString(script, "echo no interpreter\n");
        Run bad = run("hook", "upload", "venue", "CORO", "camera-app", "--file", script.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("#!/bin/sh");
        assertThat(run("hook", "upload", "batch", "1", "camera-app", "--file", script.toString())
                        .code())
                .isEqualTo(2);
        assertThat(run("hook", "versions", "venue", "CORO", "camera-app").out())
                .contains("v2")
                .doesNotContain("v3");
        assertThat(run("hook", "remove", "venue", "CORO", "camera-app").code()).isZero();
        assertThat(run("hook", "versions", "venue", "CORO", "camera-app").code())
                .isEqualTo(1);
        try (Fleet fleet =
                Fleet.open(dir, pideploy.deploy.core.port.EventPublisher.NONE, java.time.Clock.systemUTC())) {
            assertThat(fleet.db().auditLog().query(pideploy.deploy.core.operator.AuditQuery.latest(20)).stream()
                            .map(e -> e.action()))
                    .contains("hook.upload", "hook.remove");
        }
    }

    @Test
    void venueAddAndListInEveryFormat() throws Exception {
        Run add = run("venue", "add", "coro", "--name", "Coronado", "--location", "San Diego");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("added venue CORO");
        Run table = run("venue", "list");
        assertThat(table.out()).contains("CODE").contains("CORO").contains("Coronado");
        JsonNode json =
                Json.MAPPER.readTree(run("venue", "list", "--format", "json").out());
        assertThat(json.get(0).get("code").asText()).isEqualTo("CORO");
        assertThat(json.get(0).get("location").asText()).isEqualTo("San Diego");
        String csv = run("venue", "list", "--format", "csv").out();
        assertThat(csv).startsWith("code,name,location,contact_email,created_at\r\nCORO,Coronado,San Diego,");
    }

    @Test
    void imageRegisterRefusesAFileThatIsNotADiskImageAndStoresNothing() throws Exception {
        Path readme = dir.resolve("README.txt");
        Files.writeString(readme, "not an image\n".repeat(100));
        Path stub = dir.resolve("stub.img");
        Files.write(stub, new byte[100]);

        Run text = run("image", "register", "--product", "KXP2", "--version", "1.0", readme.toString());
        Run tiny = run("image", "register", "--product", "KXP2", "--version", "1.0", stub.toString());

        assertThat(text.code()).as(text.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(text.err())
                .contains(readme.toString())
                .contains("not a disk image")
                .contains("no MBR or GPT partition table");
        assertThat(tiny.code()).as(tiny.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(tiny.err()).contains(stub.toString()).contains("100 bytes, smaller than a partition table");
        assertThat(run("image", "list", "--format", "csv").out()).doesNotContain("KXP2,1.0");
        try (var stored = Files.list(dir.resolve(Fleet.IMAGES_DIR))) {
            assertThat(stored.toList()).isEmpty();
        }
    }

    @Test
    void hintsNameTheDataDirectoryTheCommandUsedAndWorkAsPrinted() throws Exception {
        // The tests' data directory lies outside the working directory: a hint without --data would miss it.
        Run add = run("venue", "add", "CORO", "--name", "Coronado");

        assertThat(add.code()).as(add.err()).isZero();
        String hint = add.out()
                .lines()
                .filter(l -> l.contains("next, its hostnames:"))
                .findFirst()
                .orElseThrow()
                .replaceFirst(".*next, its hostnames: ", "");
        assertThat(hint).isEqualTo("pideploy pool import CORO --product CODE --numbers 1-50 --data " + dir);
        String[] args =
                hint.replace("CODE", "KXP2").substring("pideploy ".length()).split(" ");
        StringWriter out = new StringWriter();
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(new StringWriter()))
                .execute(args);
        assertThat(code).isZero();
        assertThat(out.toString()).contains("imported 50 numbers into CORO/KXP2");
    }

    @Test
    void aHintLeavesOutOnlyTheDefaultDataDirectoryAndQuotesOddPaths() {
        assertThat(pideploy.deploy.server.cli.DataDir.hint(Path.of("var"), "venue list"))
                .isEqualTo("pideploy venue list");
        assertThat(pideploy.deploy.server.cli.DataDir.hint(Path.of("/srv/pi deploy"), "venue list"))
                .isEqualTo("pideploy venue list --data '/srv/pi deploy'");
    }

    @Test
    void refusalsExitNonZeroWithOneLine() {
        run("venue", "add", "CORO", "--name", "Coronado");
        Run again = run("venue", "add", "CORO", "--name", "Coronado");
        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err().strip()).doesNotContain("\n").contains("CORO");
        Run bad = run("venue", "add", "TOOLONG", "--name", "x");
        assertThat(bad.code()).as(bad.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("venue code");
        Run unknown = run("pool", "import", "ZZZZ", "--product", "KXP2", "--numbers", "1-5");
        assertThat(unknown.code()).isEqualTo(ExitCodes.REFUSED);
        Run usage = run("batch", "create", "--venue", "CORO");
        assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("Missing required");
    }

    @Test
    void poolImageBatchAndDeploymentsFlow() throws Exception {
        assertThat(run("venue", "add", "CORO", "--name", "Coronado").code()).isZero();
        Run imp = run("pool", "import", "CORO", "--product", "KXP2", "--numbers", "1-20,77");
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("imported 21");
        assertThat(run("pool", "list", "CORO", "--state", "available").out())
                .contains("KXP2-CORO-001")
                .contains("KXP2-CORO-077");
        Path img = dir.resolve("demo.img");
        try (InputStream in = DemoSeed.image()) {
            Files.copy(in, img);
        }
        Run reg = run("image", "register", "--product", "KXP2", "--version", "1.0.0", img.toString(), "--activate");
        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.out())
                .contains("registered KXP2 1.0.0")
                .contains("active")
                .doesNotContain("devices get it once it is active");
        assertThat(run("image", "list", "--format", "csv").out()).contains("KXP2,1.0.0,active");
        Run inactive = run("image", "register", "--product", "KXP2", "--version", "1.0.1", img.toString());
        assertThat(inactive.out())
                .contains("devices get it once it is active: pideploy image activate "
                        + "--product KXP2 --version 1.0.1 --data " + dir);
        Run missing = run(
                "image",
                "register",
                "--product",
                "KXP2",
                "--version",
                "2",
                dir.resolve("nope.img").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.REFUSED);

        Run batch = run("batch", "create", "--venue", "CORO", "--product", "KXP2", "--count", "5", "--priority", "3");
        assertThat(batch.code()).as(batch.err()).isZero();
        String id = batch.out().replaceAll("(?s).*created batch (\\d+).*", "$1");
        assertThat(run("batch", "start", id).out()).contains("is active");
        assertThat(run("batch", "pause", id).out()).contains("is paused");
        java.nio.file.Path csv = java.nio.file.Files.writeString(
                dir.resolve("devices.csv"), "serial,mac\n10000000aaaa0001,dc:a6:32:01:02:03\n10000000aaaa0002,\n");
        assertThat(run("batch", "expect", id, "--file", csv.toString()).out())
                .contains("now expects 2 serial numbers, 1 MAC addresses");
        assertThat(run("batch", "list", "--format", "json").out()).contains("\"expected_devices\" : 3");
        assertThat(run("batch", "expect", id, "--devices", "10000000aaaa0003").out())
                .contains("1 serial numbers");
        Run bad = run("batch", "expect", id, "--devices", "not-a-serial!");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("not-a-serial!");
        assertThat(run("batch", "expect", id, "--any").out()).contains("now expects any device");
        assertThat(run("batch", "priority", id, "9").out()).contains("priority 9");
        assertThat(run("batch", "list", "--format", "json").out()).contains("\"breaker_window\" : 10");
        assertThat(run("batch", "breaker", id, "2/3").code()).isZero();
        assertThat(run("batch", "list", "--format", "json").out())
                .contains("\"breaker_failures\" : 2")
                .contains("\"breaker_window\" : 3");
        Run badBreaker = run("batch", "breaker", id, "4/3");
        assertThat(badBreaker.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badBreaker.err()).contains("breaker failures must be 1-3");
        Run notARule = run("batch", "breaker", id, "five");
        assertThat(notARule.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notARule.err()).contains("N/M");
        assertThat(run("batch", "breaker", id, "off").out()).contains("batch " + id);
        assertThat(run("batch", "list", "--format", "json").out()).contains("\"breaker_window\" : null");
        assertThat(run("batch", "breaker", "999", "off").code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run("batch", "cancel", id).out()).contains("is cancelled");
        assertThat(run("batch", "start", id).code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run("batch", "list", "--format", "json").out()).contains("\"state\" : \"cancelled\"");

        assertThat(run("pool", "retire", "KXP2-CORO-077").code()).isZero();
        assertThat(run("pool", "retire", "KXP2-CORO-077").code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run("pool", "release", "KXP2-CORO-001").code()).isZero();
        Run deployments = run("deployments", "--venue", "CORO", "--format", "csv");
        assertThat(deployments.code()).isZero();
        assertThat(deployments.out()).startsWith("id,hostname,serial,");
    }

    @Test
    void userAddTakesARoleAndUserRoleChangesItButNeverDemotesTheLastAdmin() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("vera only looks at it\n".getBytes(StandardCharsets.UTF_8)));
            Run add = run("user", "add", "vera", "--role", "viewer", "--password-stdin");
            assertThat(add.code()).as(add.err()).isZero();
            assertThat(add.out()).contains("role viewer");
            System.setIn(new ByteArrayInputStream("root is not a role\n".getBytes(StandardCharsets.UTF_8)));
            Run bad = run("user", "add", "ralf", "--role", "root", "--password-stdin");
            assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("viewer, operator, admin");
        } finally {
            System.setIn(saved);
        }
        assertThat(run("user", "list", "--format", "csv").out()).contains("vera,viewer");
        Run demote = run("user", "role", "vera", "admin");
        assertThat(demote.code()).as(demote.err()).isZero();
        try (Fleet f = Fleet.open(dir, pideploy.deploy.core.port.EventPublisher.NONE, java.time.Clock.systemUTC())) {
            assertThat(f.db().users().find("vera")).map(u -> u.role().wire()).contains("admin");
            // The first admin is made by a server start; here vera is the only admin.
            assertThat(f.db().users().list())
                    .filteredOn(u -> u.role().wire().equals("admin"))
                    .hasSize(1);
        }
        Run last = run("user", "role", "vera", "operator");
        assertThat(last.code()).isNotZero();
        assertThat(last.err()).contains("last admin");
    }

    @Test
    void userAddReadsThePasswordFromStdinAndIsAudited() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a-long-password\n".getBytes(StandardCharsets.UTF_8)));
            Run add = run("user", "add", "alice", "--password-stdin");
            assertThat(add.code()).as(add.err()).isZero();
            System.setIn(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(run("user", "add", "bob", "--password-stdin").code()).isEqualTo(ExitCodes.USAGE);
        } finally {
            System.setIn(saved);
        }
        assertThat(run("user", "list").out()).contains("alice");
        try (Fleet f = Fleet.open(dir, pideploy.deploy.core.port.EventPublisher.NONE, java.time.Clock.systemUTC())) {
            var entries = f.db().auditLog().query(pideploy.deploy.core.operator.AuditQuery.latest(10));
            assertThat(entries)
                    .anyMatch(e -> e.action().equals("user.add")
                            && e.target().equals("alice")
                            && e.actor().startsWith("cli:"));
        }
    }

    @Test
    void adminCommandsRefuseADataDirectoryThatDoesNotExistAndCreateNothing() {
        Path typo = dir.resolve("vra");
        for (String[] cmd : new String[][] {
            {"venue", "list"},
            {"venue", "add", "CORO", "--name", "Coronado"},
            {"pool", "list", "CORO"},
            {"deployments"},
            {"user", "list"},
            {"image", "list"}
        }) {
            Run r = runOn(typo, cmd);
            assertThat(r.code()).as(String.join(" ", cmd)).isEqualTo(ExitCodes.STORAGE);
            assertThat(r.err())
                    .as(String.join(" ", cmd))
                    .contains("data directory " + typo.toAbsolutePath() + " does not exist")
                    .contains("pideploy serve --data " + typo);
        }
        assertThat(typo).doesNotExist();
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {
            {"serve"},
            {"demo"},
            {"venue", "add"},
            {"venue", "list"},
            {"product", "add"},
            {"pool", "import"},
            {"pool", "release"},
            {"image", "register"},
            {"image", "rollback"},
            {"batch", "create"},
            {"batch", "priority"},
            {"batch", "breaker"},
            {"deployments"},
            {"user", "add"}
        }) {
            StringWriter out = new StringWriter();
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            int code = PiDeployMain.commandLine().setOut(new PrintWriter(out)).execute(args);
            assertThat(code).as(String.join(" ", cmd)).isZero();
            assertThat(out.toString()).as(String.join(" ", cmd)).contains("Usage: pideploy " + cmd[0]);
        }
    }
}
