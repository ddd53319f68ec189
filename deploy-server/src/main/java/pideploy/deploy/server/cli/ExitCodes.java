package pideploy.deploy.server.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.http.helidon.ListenerUnavailableException;
import pideploy.deploy.server.DataDirInUseException;
import pideploy.deploy.server.backup.BackupException;

/**
 * Exit codes of {@code pideploy}, and the one place that maps exceptions to them and prints the one-line reason.
 * 0 ok, 1 refused (the request was understood and declined), 2 usage or invalid value, 3 data directory or database
 * unusable, 4 a listener cannot bind ({@code serve}, {@code demo}), 70 internal error (a bug: the stack trace goes to
 * stderr).
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper, CommandLine.IExecutionExceptionHandler {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int STORAGE = 3;
    public static final int LISTENER = 4;
    public static final int INTERNAL = 70;

    @Override
    public int getExitCode(Throwable t) {
        return switch (t) {
            case CommandFailure f -> REFUSED;
            case BackupException b -> REFUSED;
            case ListenerUnavailableException e -> LISTENER;
            case CommandLine.ParameterException e -> USAGE;
            case IllegalArgumentException e -> USAGE;
            case StorageException e -> STORAGE;
            case DataDirInUseException e -> STORAGE;
            case UncheckedIOException e -> STORAGE;
            default -> INTERNAL;
        };
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        int code = getExitCode(e);
        String name = cmd.getCommandSpec().qualifiedName();
        if (code == INTERNAL) {
            cmd.getErr().println(name + ": internal error: " + e);
            e.printStackTrace(cmd.getErr());
        } else {
            String message =
                    e instanceof UncheckedIOException u && u.getCause() != null ? u.getMessage() : e.getMessage();
            cmd.getErr().println(name + ": " + oneLine(message));
        }
        cmd.getErr().flush();
        return code;
    }

    private static String oneLine(String s) {
        return s == null ? "failed" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
