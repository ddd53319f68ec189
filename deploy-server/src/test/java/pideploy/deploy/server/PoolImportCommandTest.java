package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.cli.ExitCodes;

/** {@code pideploy pool import --numbers-file}: a pasted list of kart numbers, and a bad token that imports nothing. */
class PoolImportCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private int poolSize() {
        try (Fleet f = Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC())) {
            return f.core().listPool().list(PoolFilter.ALL).size();
        }
    }

    @BeforeEach
    void seed() {
        try (Fleet f = Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC())) {
            DemoSeed.seed(f.core());
        }
    }

    @Test
    void importsAListPastedIntoAFileOnePerLineWithSpacesCommasAndRanges() throws Exception {
        int before = poolSize();
        Path list = Files.writeString(dir.resolve("karts.txt"), "101\n103 104, 105\n110 - 112\n");

        Run r = run(
                "pool",
                "import",
                "CORO",
                "--product",
                "KXP2",
                "--numbers-file",
                list.toString(),
                "--data",
                dir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported 7 numbers");
        assertThat(poolSize()).isEqualTo(before + 7);
    }

    @Test
    void aBadTokenIsNamedWithItsLineAndNothingIsImported() throws Exception {
        int before = poolSize();
        Path list = Files.writeString(dir.resolve("karts.txt"), "201\n202 2o3\n204\n");

        Run r = run(
                "pool",
                "import",
                "CORO",
                "--product",
                "KXP2",
                "--numbers-file",
                list.toString(),
                "--data",
                dir.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'2o3'").contains("line 2");
        assertThat(poolSize()).isEqualTo(before);
    }

    @Test
    void needsExactlyOneOfNumbersAndNumbersFile() {
        Run none = run("pool", "import", "CORO", "--product", "KXP2", "--data", dir.toString());
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--numbers").contains("--numbers-file");
    }
}
