package pideploy.deploy.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import pideploy.deploy.core.notify.NoticeType;

/**
 * The notification targets kept in the data directory (ADR-0085): {@code notifications.json}, mode 600 because it
 * holds the webhook secret and the SMTP password, written whole to a temporary file and moved over the old one, so
 * a crash leaves the old settings or the new ones, never half of each. A file that cannot be read is reported and
 * left as it is (nothing is sent until an operator configures again); it is replaced only by a new configuration.
 */
public final class NotificationSettingsFile {
    private static final System.Logger LOG = System.getLogger(NotificationSettingsFile.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    public static final String FILE_NAME = "notifications.json";

    private final Path file;

    public NotificationSettingsFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The stored targets; {@link NotificationTargets#NONE} when there is no file or it cannot be read. */
    public NotificationTargets load() {
        if (!Files.exists(file)) {
            return NotificationTargets.NONE;
        }
        try {
            return parse(JSON.readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "notification settings in {0} not read, so no notices are sent until they are configured again:"
                            + " {1}",
                    file,
                    e.getMessage());
            return NotificationTargets.NONE;
        }
    }

    /** Replaces the stored targets. */
    public void save(NotificationTargets t) {
        ObjectNode root = JSON.createObjectNode();
        t.webhook().ifPresent(u -> root.put("webhook_url", u.toString()));
        t.secret().ifPresent(s -> root.put("secret", s));
        t.mail().ifPresent(m -> {
            ObjectNode smtp = root.putObject("smtp");
            smtp.put("host", m.host());
            smtp.put("port", m.port());
            smtp.put("start_tls", m.startTls());
            m.user().ifPresent(u -> smtp.put("user", u));
            m.password().ifPresent(p -> smtp.put("password", p));
            smtp.put("from", m.from());
            ArrayNode to = smtp.putArray("to");
            m.to().forEach(to::add);
        });
        ArrayNode events = root.putArray("events");
        t.events().stream().sorted().forEach(e -> events.add(e.wireName()));
        root.put("pool_threshold", t.poolThreshold());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // createFile applies the umask; set the mode again so it is exactly 600.
            Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write notification settings to %s: %s".formatted(file, e.getMessage()), e);
        }
    }

    private static NotificationTargets parse(JsonNode root) {
        Optional<URI> webhook = text(root, "webhook_url").map(WebhookSender::target);
        Optional<SmtpMailer.Settings> mail = Optional.ofNullable(root.get("smtp"))
                .filter(JsonNode::isObject)
                .map(s -> {
                    List<String> to = new ArrayList<>();
                    s.path("to").forEach(a -> to.add(a.asText()));
                    return new SmtpMailer.Settings(
                            s.path("host").asText(),
                            s.path("port").asInt(25),
                            s.path("start_tls").asBoolean(false),
                            text(s, "user"),
                            text(s, "password"),
                            s.path("from").asText(),
                            to);
                });
        Set<NoticeType> events = EnumSet.noneOf(NoticeType.class);
        root.path("events").forEach(e -> events.add(NoticeType.parse(e.asText())));
        return new NotificationTargets(
                webhook,
                text(root, "secret"),
                mail,
                events,
                root.path("pool_threshold").asInt(0));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }
}
