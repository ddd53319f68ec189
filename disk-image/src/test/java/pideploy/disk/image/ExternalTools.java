package pideploy.disk.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Debian disk tools (sfdisk, mkfs.vfat, mtools, fsck.fat, mkfs.ext4, dumpe2fs, bmaptool) as argument arrays
 * for the *IT tests, with exit code and stderr checked.
 */
public final class ExternalTools {

    public record Result(int exitCode, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    private ExternalTools() {}

    /** Runs the command in {@code dir} and asserts exit code 0; returns the result. */
    public static Result run(Path dir, String... command) {
        Result r = runAllowingFailure(dir, null, command);
        assertThat(r.exitCode())
                .as("exit code of %s%nstdout: %s%nstderr: %s", List.of(command), r.stdout(), r.stderr())
                .isZero();
        return r;
    }

    /** Runs the command with {@code stdin} fed to it and asserts exit code 0. */
    public static Result runWithInput(Path dir, String stdin, String... command) {
        Result r = runAllowingFailure(dir, stdin, command);
        assertThat(r.exitCode())
                .as("exit code of %s%nstdout: %s%nstderr: %s", List.of(command), r.stdout(), r.stderr())
                .isZero();
        return r;
    }

    public static Result runAllowingFailure(Path dir, String stdin, String... command) {
        try {
            Path out = Files.createTempFile(dir, "cmd", ".out");
            Path err = Files.createTempFile(dir, "cmd", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // mtools refuses images whose geometry it dislikes unless told not to check.
            pb.environment().put("MTOOLS_SKIP_CHECK", "1");
            pb.environment().put("LC_ALL", "C.UTF-8");
            if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + List.of(command));
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("could not run " + List.of(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + List.of(command), e);
        }
    }

    /**
     * Runs {@code fsck.fat -n} on a FAT volume file and asserts it is clean: exit code 0 and nothing printed besides
     * the version banner and the one-line summary ("x: N files, a/b clusters").
     */
    public static void assertFatClean(Path dir, Path volume) {
        Result r = runAllowingFailure(dir, null, "fsck.fat", "-n", volume.toString());
        String text = r.output();
        assertThat(r.exitCode()).as("fsck.fat -n exit code; output:%n%s", text).isZero();
        List<String> findings = text.lines()
                .filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("fsck.fat "))
                .filter(l -> !l.matches(".*: \\d+ files?, \\d+/\\d+ clusters"))
                .toList();
        assertThat(findings).as("fsck.fat -n findings; full output:%n%s", text).isEmpty();
    }
}
