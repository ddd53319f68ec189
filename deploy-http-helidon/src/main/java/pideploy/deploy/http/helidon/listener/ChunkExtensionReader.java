package pideploy.deploy.http.helidon.listener;

import io.helidon.common.buffers.DataReader;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Helidon's reader with the two parts of chunked request bodies that Helidon 4.5.0 refuses (RFC 9112 section 7.1):
 * chunk extensions ({@code 5;name=value}) are dropped from the size line, and trailer fields after the last chunk are
 * skipped. In Helidon's HTTP/1 connection {@code readLine()} is used only for those lines, so nothing else changes.
 */
final class ChunkExtensionReader extends DataReader {
    private static final Pattern SIZE_WITH_EXTENSION = Pattern.compile("[0-9A-Fa-f]+[ \t]*;.*");
    private static final Pattern LAST_CHUNK = Pattern.compile("0+");
    private static final int MAX_TRAILER_LINES = 64;

    private boolean afterLastChunk;

    ChunkExtensionReader(Supplier<byte[]> bytes) {
        super(bytes);
    }

    @Override
    public String readLine() {
        String line = super.readLine();
        if (afterLastChunk) {
            afterLastChunk = false;
            // trailer fields until the empty line; Helidon expects the empty line straight away
            for (int i = 0; !line.isEmpty() && i < MAX_TRAILER_LINES; i++) {
                line = super.readLine();
            }
            return line;
        }
        if (SIZE_WITH_EXTENSION.matcher(line).matches()) {
            line = line.substring(0, line.indexOf(';')).strip();
        }
        if (LAST_CHUNK.matcher(line).matches()) {
            afterLastChunk = true;
        }
        return line;
    }
}
