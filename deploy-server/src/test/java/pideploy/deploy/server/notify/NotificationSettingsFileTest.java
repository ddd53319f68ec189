package pideploy.deploy.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.notify.NoticeType;

/** The notification targets in a real file (ADR-0085): all of them come back, the file is the owner's only. */
class NotificationSettingsFileTest {
    @TempDir
    Path dir;

    @Test
    void everyTargetComesBackFromAFileOnlyTheOwnerReads() throws Exception {
        NotificationTargets t = new NotificationTargets(
                Optional.of(URI.create("https://hooks.example.org/pideploy")),
                Optional.of("s3cret"),
                Optional.of(new SmtpMailer.Settings(
                        "mail.example.org",
                        587,
                        true,
                        Optional.of("ops"),
                        Optional.of("mail-password"),
                        "pideploy@example.org",
                        List.of("ops@example.org", "lead@example.org"))),
                EnumSet.of(NoticeType.DEPLOYMENT_FAILED, NoticeType.POOL_NEARLY_EMPTY),
                5);
        NotificationSettingsFile file = new NotificationSettingsFile(dir);
        assertThat(file.load()).as("nothing stored yet").isEqualTo(NotificationTargets.NONE);

        file.save(t);
        assertThat(new NotificationSettingsFile(dir).load()).isEqualTo(t);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.file())))
                .isEqualTo("rw-------");

        file.save(NotificationTargets.NONE);
        assertThat(new NotificationSettingsFile(dir).load()).isEqualTo(NotificationTargets.NONE);
    }

    @Test
    void aFileWithABadValueIsNotTakenAndStaysAsItIs() throws Exception {
        NotificationSettingsFile file = new NotificationSettingsFile(dir);
        Files.writeString(file.file(), "{\"events\":[\"deployment.exploded\"]}");
        assertThat(file.load()).isEqualTo(NotificationTargets.NONE);
        assertThat(Files.readString(file.file())).contains("deployment.exploded");
    }
}
