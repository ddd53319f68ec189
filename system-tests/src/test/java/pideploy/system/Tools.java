package pideploy.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external tools as argument arrays and insists on success, with their output in the failure message. */
public final class Tools {
    private Tools() {}

    public record Result(int exitCode, String output) {}

    public static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    public static String check(Path workDir, String... command) throws IOException, InterruptedException {
        Result result = run(workDir, List.of(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    "%s exited with %d:%n%s".formatted(String.join(" ", command), result.exitCode(), result.output()));
        }
        return result.output();
    }
}
