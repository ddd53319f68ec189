package pideploy.deploy.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** {@code 2026-11-26T15:04:05.123Z INFO  Logger: message}; stack traces follow on the next lines. */
public final class OneLineFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneId.of("UTC"));

    @Override
    public String format(LogRecord r) {
        String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
        int dot = logger.lastIndexOf('.');
        StringBuilder b = new StringBuilder(160)
                .append(TIME.format(r.getInstant()))
                .append(' ')
                .append(String.format("%-7s", r.getLevel().getName()))
                .append(' ')
                .append(dot >= 0 ? logger.substring(dot + 1) : logger)
                .append(": ")
                .append(formatMessage(r).replace('\n', ' ').replace('\r', ' '))
                .append(System.lineSeparator());
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(sw));
            b.append(sw);
        }
        return b.toString();
    }
}
