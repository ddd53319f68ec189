package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.port.VenueRepository;
import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;

/** Persistence adapter: venues in table {@code venue}. */
final class SqliteVenueRepository implements VenueRepository {
    private final Connection c;

    SqliteVenueRepository(Connection c) {
        this.c = c;
    }

    @Override
    public void add(Venue v) {
        Sql.update(
                c,
                "INSERT INTO venue (code, name, location, contact_email, created_at) VALUES (?, ?, ?, ?, ?)",
                v.code().value(),
                v.name(),
                v.location(),
                v.contactEmail(),
                v.createdAt());
    }

    @Override
    public void update(Venue v) {
        int n = Sql.update(
                c,
                "UPDATE venue SET name = ?, location = ?, contact_email = ? WHERE code = ?",
                v.name(),
                v.location(),
                v.contactEmail(),
                v.code().value());
        if (n == 0) {
            throw new StorageException("no venue " + v.code() + " to update");
        }
    }

    @Override
    public Optional<Venue> find(VenueCode code) {
        return Sql.one(c, "SELECT * FROM venue WHERE code = ?", SqliteVenueRepository::map, code.value());
    }

    @Override
    public List<Venue> list() {
        return Sql.list(c, "SELECT * FROM venue ORDER BY code", SqliteVenueRepository::map);
    }

    private static Venue map(ResultSet rs) throws SQLException {
        return new Venue(
                VenueCode.of(rs.getString("code")),
                rs.getString("name"),
                rs.getString("location"),
                rs.getString("contact_email"),
                Sql.instant(rs, "created_at"));
    }
}
