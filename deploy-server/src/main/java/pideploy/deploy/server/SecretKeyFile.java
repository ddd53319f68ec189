package pideploy.deploy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import pideploy.deploy.core.profile.SecretSeal;

/**
 * The data directory's {@code secrets.key} (ADR-0093): the AES-256 key that seals profile secrets in the database, as
 * one line of base64, mode 600. Created at the first start; kept outside the database so a copy of the database alone
 * reveals no Wi-Fi password. Back it up with the database: without it, the stored secrets are lost.
 */
public final class SecretKeyFile {
    public static final String NAME = "secrets.key";
    private static final System.Logger LOG = System.getLogger(SecretKeyFile.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretKeyFile() {}

    /**
     * The seal of {@code dataDir}'s key file, creating the file (mode 600) when there is none. A file readable by
     * others is narrowed to 600 with a warning.
     *
     * @throws UncheckedIOException when the file cannot be read or created
     * @throws IllegalStateException when the file does not hold a key (the message names the file)
     */
    public static SecretSeal open(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(mode)) {
                LOG.log(
                        Level.WARNING,
                        "{0} was readable by others ({1}); narrowed to rw------- (600)",
                        file,
                        PosixFilePermissions.toString(mode));
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(notAKey(file), e);
            }
            if (key.length != SecretSeal.KEY_BYTES) {
                throw new IllegalStateException(notAKey(file));
            }
            return SecretSeal.withKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key %s: %s".formatted(file, e), e);
        }
    }

    private static void create(Path file) throws IOException {
        String line = Base64.getEncoder().encodeToString(SecretSeal.newKey()) + "\n";
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException raced) {
            // Another pideploy process on this data directory made it first: use theirs.
            return;
        }
        // createFile applies the umask; set the mode again so it is exactly 600.
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        LOG.log(Level.INFO, "created {0} (mode 600): back it up with the database, see docs/operations.md", file);
    }

    private static String notAKey(Path file) {
        return ("%s does not hold a secrets key (one line of base64, %d bytes): restore it from the backup of this "
                        + "data directory; without it the profile secrets stored in the database cannot be read")
                .formatted(file, SecretSeal.KEY_BYTES);
    }
}
