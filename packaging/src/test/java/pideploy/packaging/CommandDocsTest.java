package pideploy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandDocsTest {

    @TempDir
    Path out;

    @Test
    void writes_a_bash_completion_per_program_that_bash_accepts_and_that_knows_the_subcommands() throws Exception {
        CommandDocs.write(out);

        Path pideploy = out.resolve("completions/pideploy");
        assertThat(Files.readString(pideploy))
                .contains("serve", "demo", "venue", "netboot", "--deploy-listen")
                .contains("complete -F _complete_pideploy");
        assertThat(Files.readString(out.resolve("completions/pi-installer")))
                .contains("self-test", "--from-cmdline", "complete -F _complete_pi-installer");
        // Sourcing it registers the completion function, as bash-completion does on the first <TAB>.
        for (String program : List.of("pideploy", "pi-installer")) {
            assertThat(bash("source " + out.resolve("completions").resolve(program) + " && complete -p " + program))
                    .contains("_complete_" + program);
        }
    }

    @Test
    void writes_a_man_page_per_command_from_its_usage_help() throws IOException {
        CommandDocs.write(out);

        String serve = Files.readString(out.resolve("man/pideploy-serve.1"));
        assertThat(serve)
                .startsWith(".TH PIDEPLOY-SERVE 1 ")
                .contains(".SH NAME\npideploy\\-serve \\- Run the deployment server.")
                .contains("\\-\\-deploy\\-listen=HOST:PORT")
                .contains("\\fBpideploy\\fR(1)");
        assertThat(out.resolve("man/pideploy-venue-add.1")).exists();
        assertThat(out.resolve("man/pideploy.1")).content().contains("\\fBpideploy\\-venue\\fR(1)");
        assertThat(out.resolve("man/pi-installer.1")).content().contains("\\-\\-from\\-cmdline");
        assertThat(out.resolve("man/pi-installer-self-test.1")).exists();
    }

    @Test
    void a_usage_line_that_starts_with_a_dot_is_text_not_a_troff_request() {
        assertThat(CommandDocs.ManPage.protect(".ci/run")).isEqualTo("\\&.ci/run");
        assertThat(CommandDocs.ManPage.escape("a\\b -x")).isEqualTo("a\\eb \\-x");
    }

    private static String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
