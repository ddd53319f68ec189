package pideploy.deploy.core.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A hook's text: a script starting with {@code #!} (run by its interpreter on the device, as root, once), UTF-8 text
 * of at most {@value #MAX_BYTES} bytes without NUL or CR characters (the card's script is written through a shell
 * here-document, and a CR would break the interpreter line).
 */
public record HookScript(String text) {
    public static final int MAX_BYTES = 64 * 1024;

    public HookScript {
        if (text == null || !text.startsWith("#!")) {
            throw new IllegalArgumentException("hook script must start with an interpreter line such as '#!/bin/sh'");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "hook script must be at most %d bytes, got %d".formatted(MAX_BYTES, bytes));
        }
        if (text.indexOf('\0') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(
                    "hook script must be text with LF line ends: it holds a NUL or CR character");
        }
        if (!text.endsWith("\n")) {
            text = text + "\n";
        }
    }

    /** The SHA-256 of the text's UTF-8 bytes, hex: what the recorded profile names. */
    public String sha256() {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
