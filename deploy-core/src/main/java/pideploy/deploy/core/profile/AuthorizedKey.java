package pideploy.deploy.core.profile;

import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code authorized_keys}: a public key type, its base64 body and an optional comment. Options in front
 * of the key ({@code command=...}) are refused: they would change what the key may do, and belong in a hook.
 *
 * @param line the key as OpenSSH writes it, e.g. {@code ssh-ed25519 AAAAC3Nza... alice@laptop}
 */
public record AuthorizedKey(String line) {
    private static final Set<String> TYPES = Set.of(
            "ssh-ed25519",
            "ssh-rsa",
            "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final Pattern SHAPE = Pattern.compile("(\\S+) ([A-Za-z0-9+/]+={0,2})( [^\\p{Cntrl}]{1,200})?");

    public AuthorizedKey {
        line = line == null ? "" : line.strip();
        Matcher m = SHAPE.matcher(line);
        if (!m.matches() || !TYPES.contains(m.group(1))) {
            throw new IllegalArgumentException(("ssh key must be one line 'TYPE BASE64 [comment]' with TYPE one of "
                            + "ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521 or sk-... , got '%s'")
                    .formatted(abbreviate(line)));
        }
        byte[] body;
        try {
            body = Base64.getDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ssh key body is not base64: '%s'".formatted(abbreviate(line)), e);
        }
        // The body starts with its own type name (a length-prefixed string): a key pasted under the wrong type fails.
        String inner = body.length < 4
                ? ""
                : new String(
                        body,
                        4,
                        Math.min(
                                body.length - 4,
                                ((body[0] & 0xff) << 24
                                        | (body[1] & 0xff) << 16
                                        | (body[2] & 0xff) << 8
                                        | (body[3] & 0xff))),
                        java.nio.charset.StandardCharsets.US_ASCII);
        if (!inner.equals(m.group(1))) {
            throw new IllegalArgumentException(
                    "ssh key body does not hold a %s key: '%s'".formatted(m.group(1), abbreviate(line)));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
