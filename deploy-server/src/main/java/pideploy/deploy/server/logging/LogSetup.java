package pideploy.deploy.server.logging;

import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Configures java.util.logging, the backend of System.Logger: console and/or daily files, one line per record.
 * Called once by the composition root; nothing else in the project touches JUL.
 */
public final class LogSetup {
    /** JUL holds loggers weakly; keep the tuned ones so their levels survive garbage collection. */
    private static final java.util.List<Logger> TUNED = new java.util.ArrayList<>();

    /** Whether the root logger's level is an admin command's WARNING floor, not a server's choice. */
    private static boolean commandFloor;

    private LogSetup() {}

    /**
     * For the server: everything at {@code level} to the console (if asked) and to daily files in {@code logDir},
     * each continued in a numbered part once it reaches {@code maxFileBytes}.
     */
    public static synchronized void server(
            Path logDir, int retentionDays, long maxFileBytes, Level level, boolean console) {
        Logger root = reset(level);
        if (console) {
            root.addHandler(console(level));
        }
        DailyFileHandler files = new DailyFileHandler(logDir, retentionDays, maxFileBytes, Clock.systemUTC());
        files.setLevel(level);
        root.addHandler(files);
        quietLibraries();
        commandFloor = false;
    }

    /**
     * For admin commands: only warnings and errors, on stderr, so command output stays clean for scripts. Nothing
     * changes when a server runs in this JVM (tests, the demo): its files and its {@link LogRing} keep what they
     * capture, and the command's warnings go where the server's go.
     */
    public static synchronized void command() {
        if (LogRing.anyAttached()) {
            return;
        }
        Logger root = reset(Level.WARNING);
        root.addHandler(console(Level.WARNING));
        quietLibraries();
        commandFloor = true;
    }

    /**
     * A server starts in a JVM where an admin command ran before it (tests, the demo): the command's WARNING floor
     * was for the command's own output, so the root goes back to JUL's default INFO for the server's records; the
     * command's console handler keeps its WARNING level, so the console stays as quiet as it was.
     */
    static synchronized void serverStarting() {
        if (commandFloor) {
            Logger.getLogger("").setLevel(Level.INFO);
            commandFloor = false;
        }
    }

    private static Logger reset(Level level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        LogRing.reattach();
        return root;
    }

    private static Handler console(Level level) {
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(level);
        h.setFormatter(new OneLineFormatter());
        return h;
    }

    /** Library chatter that says nothing about devices; warnings still come through. */
    private static void quietLibraries() {
        for (String name : new String[] {"io.helidon", "com.zaxxer.hikari", "org.flywaydb"}) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.WARNING);
            TUNED.add(l);
        }
    }
}
