package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.ImageOrigin;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.ImageRepository;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.product.ProductCode;

/** Persistence adapter: the image catalog in table {@code image} (partial unique index: one active per product). */
final class SqliteImageRepository implements ImageRepository {
    private final Connection c;

    SqliteImageRepository(Connection c) {
        this.c = c;
    }

    @Override
    public void add(MasterImage i) {
        Sql.update(
                c,
                """
                INSERT INTO image (product, version, file_name, size_bytes, sha256, registered_at, notes, customization,
                                   customization_overridden, state, activated_at, original_size_bytes,
                                   original_sha256, shrink_note, min_card_size)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                i.product().value(),
                i.version().value(),
                i.fileName(),
                i.sizeBytes(),
                i.sha256(),
                i.registeredAt(),
                i.notes(),
                i.customization().wireName(),
                i.customizationOverridden(),
                i.state().wireName(),
                i.activatedAt().orElse(null),
                i.origin().sizeBytes(),
                i.origin().sha256(),
                i.origin().shrinkNote(),
                i.minCardSizeBytes());
    }

    @Override
    public void update(MasterImage i) {
        int n = Sql.update(
                c,
                "UPDATE image SET state = ?, activated_at = ? WHERE product = ? AND version = ?",
                i.state().wireName(),
                i.activatedAt().orElse(null),
                i.product().value(),
                i.version().value());
        if (n == 0) {
            throw new StorageException("no image %s %s to update".formatted(i.product(), i.version()));
        }
    }

    @Override
    public boolean delete(ProductCode product, ImageVersion version) {
        // transfer_form rows go by ON DELETE CASCADE (V2); deployment.image_version is history, not a reference.
        return Sql.update(c, "DELETE FROM image WHERE product = ? AND version = ?", product.value(), version.value())
                > 0;
    }

    @Override
    public Optional<MasterImage> find(ProductCode product, ImageVersion version) {
        return Sql.one(
                c,
                "SELECT * FROM image WHERE product = ? AND version = ?",
                SqliteImageRepository::map,
                product.value(),
                version.value());
    }

    @Override
    public Optional<MasterImage> findActive(ProductCode product) {
        return Sql.one(
                c,
                "SELECT * FROM image WHERE product = ? AND state = 'active'",
                SqliteImageRepository::map,
                product.value());
    }

    @Override
    public Optional<MasterImage> findByFileName(String fileName) {
        return Sql.one(c, "SELECT * FROM image WHERE file_name = ?", SqliteImageRepository::map, fileName);
    }

    @Override
    public List<MasterImage> list(Optional<ProductCode> product) {
        String order = " ORDER BY product, registered_at DESC, version DESC";
        return product.isPresent()
                ? Sql.list(
                        c,
                        "SELECT * FROM image WHERE product = ?" + order,
                        SqliteImageRepository::map,
                        product.get().value())
                : Sql.list(c, "SELECT * FROM image" + order, SqliteImageRepository::map);
    }

    private static MasterImage map(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        return new MasterImage(
                ProductCode.of(rs.getString("product")),
                ImageVersion.of(rs.getString("version")),
                rs.getString("file_name"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                Sql.instant(rs, "registered_at"),
                rs.getString("notes"),
                CustomizationMethod.parse(rs.getString("customization")),
                rs.getInt("customization_overridden") == 1,
                ImageState.valueOf(state.toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
                Sql.optionalInstant(rs, "activated_at"),
                rs.getLong("min_card_size"),
                new ImageOrigin(
                        rs.getLong("original_size_bytes"),
                        rs.getString("original_sha256"),
                        rs.getString("shrink_note")));
    }
}
