package pideploy.deploy.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file list of a backup: one {@code <sha256>  <relative path>} line per file, the format of {@code sha256sum}, so
 * {@code sha256sum -c manifest.sha256} checks a backup without PiDeploy. Written last, so a backup directory without
 * one is an interrupted backup.
 *
 * @param files relative path (with {@code /}) to lower-case hex SHA-256, in the order written
 */
public record BackupManifest(Map<String, String> files) {
    public static final String FILE = "manifest.sha256";
    /** The database's name in a backup (the same as in a data directory). */
    public static final String DATABASE = "pideploy.db";

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

    public BackupManifest {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        files.keySet().forEach(BackupManifest::checkPath);
    }

    /** Empty when {@code dir} has no manifest (a first backup into it). */
    static BackupManifest readIfPresent(Path dir) {
        return Files.exists(dir.resolve(FILE)) ? read(dir) : new BackupManifest(Map.of());
    }

    /** @throws BackupException if there is none or a line is not {@code <sha256>  <path>} (naming the line) */
    public static BackupManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BackupException(("%s has no %s: it is not a pideploy backup, or the backup into it did not "
                            + "finish (run pideploy backup again)")
                    .formatted(dir, FILE));
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new BackupException("%s line %d is not '<sha256>  <file>': %s".formatted(file, i + 1, line));
            }
            try {
                files.put(checkPath(m.group(2)), m.group(1));
            } catch (IllegalArgumentException e) {
                throw new BackupException("%s line %d: %s".formatted(file, i + 1, e.getMessage()));
            }
        }
        return new BackupManifest(files);
    }

    /** Writes it into {@code dir} atomically (a temporary file moved into place). */
    void write(Path dir) {
        StringBuilder text = new StringBuilder();
        files.forEach((path, sha) -> text.append(sha).append("  ").append(path).append('\n'));
        Path temp = dir.resolve("." + FILE + ".partial");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** A path inside the backup: relative, no {@code ..}, no hidden (temporary) component. */
    private static String checkPath(String path) {
        if (path.startsWith("/")
                || path.contains("\\")
                || List.of(path.split("/")).stream().anyMatch(p -> p.isEmpty() || p.startsWith("."))) {
            throw new IllegalArgumentException(
                    "file '%s' is not a plain relative path inside the backup directory".formatted(path));
        }
        return path;
    }

    /** SHA-256 of a file, lower-case hex. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copyHashing(in, OutputStream.nullOutputStream());
        }
    }

    /** Copies {@code in} to {@code out}; returns the SHA-256 of what passed, lower-case hex. */
    static String copyHashing(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (DigestInputStream digesting = new DigestInputStream(in, sha)) {
            digesting.transferTo(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
