package pideploy.deploy.persistence.postgresql;

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

/** Persistence adapter: profile layers in {@code profile_layer}, applied profiles in {@code deployment_profile}. */
final class PostgresProfileRepository implements ProfileRepository {
    private final Connection c;

    PostgresProfileRepository(Connection c) {
        this.c = c;
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
                ProfileText.encode(settings, false),
                settings.staticIpv4().map(ip -> ip.address().toString()).orElse(null),
                now);
    }

    @Override
    public Optional<ProfileLayer> find(ProfileScope scope) {
        return Sql.one(
                c,
                "SELECT * FROM profile_layer WHERE kind = ? AND key = ?",
                PostgresProfileRepository::map,
                scope.kind(),
                scope.key());
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
        List<ProfileLayer> found =
                new ArrayList<>(Sql.list(c, sql.toString(), PostgresProfileRepository::map, params.toArray()));
        found.sort(Comparator.comparingInt(l -> scopes.indexOf(l.scope())));
        return found;
    }

    @Override
    public List<ProfileLayer> list() {
        return Sql.list(c, "SELECT * FROM profile_layer ORDER BY kind, key", PostgresProfileRepository::map);
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
                "INSERT INTO deployment_profile (deployment_id, applied) VALUES (?, ?) "
                        + "ON CONFLICT (deployment_id) DO UPDATE SET applied = excluded.applied",
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

    private static ProfileLayer map(ResultSet rs) throws SQLException {
        ProfileScope scope = ProfileScope.of(rs.getString("kind"), rs.getString("key"));
        try {
            return new ProfileLayer(scope, ProfileText.decode(rs.getString("settings")), Sql.instant(rs, "updated_at"));
        } catch (IllegalArgumentException e) {
            throw new CorruptStorageException(
                    "the stored profile of %s cannot be read: %s".formatted(scope.describe(), e.getMessage()), e);
        }
    }
}
