package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.port.CorruptStorageException;
import pideploy.deploy.core.port.HookRepository;
import pideploy.deploy.core.profile.HookName;
import pideploy.deploy.core.profile.HookScript;
import pideploy.deploy.core.profile.HookVersion;
import pideploy.deploy.core.profile.ProfileScope;

/** Persistence adapter: hook versions in {@code hook_version} (ADR-0094). */
final class PostgresHookRepository implements HookRepository {
    private static final String LATEST = "SELECT h.* FROM hook_version h WHERE h.version = (SELECT MAX(version) FROM "
            + "hook_version m WHERE m.owner_kind = h.owner_kind AND m.owner_key = h.owner_key AND m.name = h.name)";
    private final Connection c;

    PostgresHookRepository(Connection c) {
        this.c = c;
    }

    @Override
    public HookVersion add(ProfileScope owner, HookName name, HookScript script, String author, Instant now) {
        int next = Sql.one(
                        c,
                        "SELECT COALESCE(MAX(version), 0) + 1 FROM hook_version WHERE owner_kind = ? AND owner_key = ? "
                                + "AND name = ?",
                        rs -> rs.getInt(1),
                        owner.kind(),
                        owner.key(),
                        name.value())
                .orElse(1);
        HookVersion v = new HookVersion(owner, name, next, script, author, now);
        Sql.update(
                c,
                "INSERT INTO hook_version (owner_kind, owner_key, name, version, script, author, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                owner.kind(),
                owner.key(),
                name.value(),
                next,
                script.text(),
                author,
                now);
        return v;
    }

    @Override
    public List<HookVersion> versions(ProfileScope owner, HookName name) {
        return Sql.list(
                c,
                "SELECT * FROM hook_version WHERE owner_kind = ? AND owner_key = ? AND name = ? ORDER BY version",
                PostgresHookRepository::map,
                owner.kind(),
                owner.key(),
                name.value());
    }

    @Override
    public Optional<HookVersion> find(ProfileScope owner, HookName name, int version) {
        return Sql.one(
                c,
                "SELECT * FROM hook_version WHERE owner_kind = ? AND owner_key = ? AND name = ? AND version = ?",
                PostgresHookRepository::map,
                owner.kind(),
                owner.key(),
                name.value(),
                version);
    }

    @Override
    public List<HookVersion> latest(List<ProfileScope> owners) {
        List<HookVersion> out = new ArrayList<>();
        for (ProfileScope owner : owners) {
            out.addAll(Sql.list(
                    c,
                    LATEST + " AND h.owner_kind = ? AND h.owner_key = ? ORDER BY h.name",
                    PostgresHookRepository::map,
                    owner.kind(),
                    owner.key()));
        }
        return out;
    }

    @Override
    public List<HookVersion> list() {
        return Sql.list(c, LATEST + " ORDER BY h.owner_kind, h.owner_key, h.name", PostgresHookRepository::map);
    }

    @Override
    public boolean remove(ProfileScope owner, HookName name) {
        return Sql.update(
                        c,
                        "DELETE FROM hook_version WHERE owner_kind = ? AND owner_key = ? AND name = ?",
                        owner.kind(),
                        owner.key(),
                        name.value())
                > 0;
    }

    private static HookVersion map(ResultSet rs) throws SQLException {
        try {
            return new HookVersion(
                    ProfileScope.of(rs.getString("owner_kind"), rs.getString("owner_key")),
                    new HookName(rs.getString("name")),
                    rs.getInt("version"),
                    new HookScript(rs.getString("script")),
                    rs.getString("author"),
                    Sql.instant(rs, "created_at"));
        } catch (IllegalArgumentException e) {
            throw new CorruptStorageException("a stored hook cannot be read: " + e.getMessage(), e);
        }
    }
}
