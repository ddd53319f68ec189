package pideploy.deploy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the fleet is stored and where the database password comes from (ADR-0060). */
class DatabaseSettingsTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/fleet";

    @TempDir
    Path dir;

    private static DatabaseChoice resolve(Map<String, String> flags, Map<String, String> env) {
        return SettingsResolver.of(flags, env, Optional.empty()).resolve().database();
    }

    @Test
    void sqliteInTheDataDirectoryIsTheDefault() {
        assertThat(resolve(Map.of(), Map.of())).isEqualTo(DatabaseChoice.EMBEDDED);
        assertThat(resolve(Map.of(SettingsResolver.DATABASE, "sqlite"), Map.of()))
                .isEqualTo(DatabaseChoice.EMBEDDED);
    }

    @Test
    void aPostgresUrlFromTheFlagTheEnvironmentOrTheFile() throws Exception {
        DatabaseChoice fromFlag =
                resolve(Map.of(SettingsResolver.DATABASE, URL, SettingsResolver.DATABASE_USER, "pd"), Map.of());
        assertThat(fromFlag).isInstanceOfSatisfying(DatabaseChoice.Postgres.class, p -> {
            assertThat(p.settings().jdbcUrl()).isEqualTo(URL);
            assertThat(p.settings().user()).contains("pd");
            assertThat(p.settings().password()).isEmpty();
        });
        assertThat(resolve(Map.of(), Map.of("PIDEPLOY_DATABASE", URL))).isInstanceOf(DatabaseChoice.Postgres.class);
        Path file = dir.resolve("pideploy.yaml");
        Files.writeString(file, "database: " + URL + "\ndatabase-user: pd\n");
        assertThat(SettingsResolver.of(Map.of(), Map.of(), Optional.of(file))
                        .resolve()
                        .database())
                .isInstanceOf(DatabaseChoice.Postgres.class);
    }

    @Test
    void thePasswordComesFromAFileOrTheEnvironmentAndTheFileWins() throws Exception {
        Path secret = dir.resolve("db-password");
        Files.writeString(secret, "from-the-file\n");
        DatabaseChoice fromFile = resolve(
                Map.of(SettingsResolver.DATABASE, URL),
                Map.of("PIDEPLOY_DATABASE_PASSWORD_FILE", secret.toString(), "PIDEPLOY_DATABASE_PASSWORD", "from-env"));
        assertThat(((DatabaseChoice.Postgres) fromFile).settings().password()).contains("from-the-file");
        DatabaseChoice fromEnv =
                resolve(Map.of(SettingsResolver.DATABASE, URL), Map.of("PIDEPLOY_DATABASE_PASSWORD", "from-env"));
        assertThat(((DatabaseChoice.Postgres) fromEnv).settings().password()).contains("from-env");
        assertThat(fromEnv.toString()).doesNotContain("from-env");
    }

    @Test
    void anUnreadableOrEmptyPasswordFileIsNamed() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> resolve(
                        Map.of(SettingsResolver.DATABASE, URL),
                        Map.of("PIDEPLOY_DATABASE_PASSWORD_FILE", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PIDEPLOY_DATABASE_PASSWORD_FILE")
                .hasMessageContaining(missing.toString());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> resolve(
                        Map.of(SettingsResolver.DATABASE, URL),
                        Map.of("PIDEPLOY_DATABASE_PASSWORD_FILE", empty.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> resolve(Map.of(SettingsResolver.DATABASE, URL + "?password=hunter2"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not carry the password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anyOtherDatabaseIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> resolve(Map.of(SettingsResolver.DATABASE, "mysql://x/y"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--database")
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void thereIsNoPasswordFlagOrFileKey() {
        assertThat(SettingsResolver.KEYS).noneMatch(k -> k.contains("password"));
    }
}
