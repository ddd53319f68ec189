package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.port.CorruptStorageException;
import pideploy.deploy.core.port.ProfileRepository;
import pideploy.deploy.core.profile.Ipv4Address;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.ProfileText;
import pideploy.deploy.core.profile.SecretSeal;

/**
 * Persistence adapter: profile layers in {@code profile_layer}, applied profiles in {@code deployment_profile}. A
 * layer's secrets are stored sealed with the data directory's key ({@link SecretSeal}, ADR-0093); the rest of its
 * text is plain, so an operator reading the database sees what is set but no secret.
 */
final class SqliteProfileRepository implements ProfileRepository {
    private final Connection c;
    private final SecretSeal seal;

    SqliteProfileRepository(Connection c, SecretSeal seal) {
        this.c = c;
        this.seal = seal;
    }

    @Override
    public void put(ProfileScope scope, ProfileSettings settings, Instant now) {
        Sql.update(
                c,
                "INSERT INTO profile_layer (kind, key, settings, static_address, updated_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (kind, key) DO UPDATE SET settings = excluded.settings, "
                        + "static_address = excluded.static_address, updated_at = excluded.updated_at",
                scope.kind(),
                scope.key(),
                ProfileText.encode(settings, seal::seal),
                settings.staticIpv4().map(ip -> ip.address().toString()).orElse(null),
                now);
    }

    @Override
    public Optional<ProfileLayer> find(ProfileScope scope) {
        return Sql.one(
                c, "SELECT * FROM profile_layer WHERE kind = ? AND key = ?", this::map, scope.kind(), scope.key());
    }

    @Override
    public boolean remove(ProfileScope scope) {
        return Sql.update(c, "DELETE FROM profile_layer WHERE kind = ? AND key = ?", scope.kind(), scope.key()) > 0;
    }

    @Override
    public List<ProfileLayer> layers(List<ProfileScope> scopes) {
        if (scopes.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM profile_layer WHERE ");
        List<Object> params = new ArrayList<>();
        for (ProfileScope s : scopes) {
            sql.append(params.isEmpty() ? "" : " OR ").append("(kind = ? AND key = ?)");
            params.add(s.kind());
            params.add(s.key());
        }
        List<ProfileLayer> found = new ArrayList<>(Sql.list(c, sql.toString(), this::map, params.toArray()));
        found.sort(Comparator.comparingInt(l -> scopes.indexOf(l.scope())));
        return found;
    }

    @Override
    public List<ProfileLayer> list() {
        return Sql.list(c, "SELECT * FROM profile_layer ORDER BY kind, key", this::map);
    }

    @Override
    public Optional<ProfileScope.Device> holderOf(Ipv4Address address) {
        return Sql.one(
                c,
                "SELECT key FROM profile_layer WHERE static_address = ?",
                rs -> (ProfileScope.Device) ProfileScope.of("device", rs.getString(1)),
                address.toString());
    }

    @Override
    public void recordApplied(DeploymentId deployment, String redacted) {
        Sql.update(
                c,
                "INSERT OR REPLACE INTO deployment_profile (deployment_id, applied) VALUES (?, ?)",
                deployment.value(),
                redacted);
    }

    @Override
    public Optional<String> applied(DeploymentId deployment) {
        return Sql.one(
                c,
                "SELECT applied FROM deployment_profile WHERE deployment_id = ?",
                rs -> rs.getString(1),
                deployment.value());
    }

    /**
     * Seals the secrets of layers stored before ADR-0093 (in clear); run once when the database is opened with a key.
     * Returns how many layers it sealed.
     */
    int sealPlainSecrets() {
        record Row(String kind, String key, String settings) {}
        List<Row> plain = Sql.list(
                        c,
                        "SELECT kind, key, settings FROM profile_layer",
                        rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3)))
                .stream()
                .filter(row -> ProfileText.hasPlainSecret(row.settings()))
                .toList();
        for (Row row : plain) {
            ProfileSettings settings = ProfileText.decodeStored(row.settings(), seal::open);
            Sql.update(
                    c,
                    "UPDATE profile_layer SET settings = ? WHERE kind = ? AND key = ?",
                    ProfileText.encode(settings, seal::seal),
                    row.kind(),
                    row.key());
        }
        return plain.size();
    }

    @Override
    public void recordBooted(DeploymentId deployment, String lines) {
        Sql.update(
                c,
                "INSERT OR REPLACE INTO deployment_boot (deployment_id, report) VALUES (?, ?)",
                deployment.value(),
                lines);
    }

    @Override
    public Optional<String> booted(DeploymentId deployment) {
        return Sql.one(
                c,
                "SELECT report FROM deployment_boot WHERE deployment_id = ?",
                rs -> rs.getString(1),
                deployment.value());
    }

    private ProfileLayer map(ResultSet rs) throws SQLException {
        ProfileScope scope = ProfileScope.of(rs.getString("kind"), rs.getString("key"));
        try {
            return new ProfileLayer(
                    scope,
                    ProfileText.decodeStored(rs.getString("settings"), seal::open),
                    Sql.instant(rs, "updated_at"));
        } catch (IllegalArgumentException e) {
            throw new CorruptStorageException(
                    "the stored profile of %s cannot be read: %s".formatted(scope.describe(), e.getMessage()), e);
        }
    }
}
