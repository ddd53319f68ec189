package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.transfer.MapSource;
import pideploy.deploy.core.transfer.PreparedForm;
import pideploy.deploy.core.transfer.TransferFile;
import pideploy.deploy.core.transfer.TransferForm;
import pideploy.deploy.core.transfer.TransferState;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/**
 * Persistence adapter: transfer-form preparation state in table {@code transfer_form} (one row per image, foreign key
 * to {@code image.file_name}); each call its own transaction.
 */
final class SqliteTransferFormRepository implements TransferFormRepository {
    private final DataSource dataSource;

    SqliteTransferFormRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T with(Function<Connection, T> work) {
        return Sql.withConnection(dataSource, "connection", work);
    }

    @Override
    public Optional<TransferForm> find(String imageFileName) {
        return with(c -> Sql.one(
                c,
                "SELECT * FROM transfer_form WHERE image_file_name = ?",
                SqliteTransferFormRepository::map,
                imageFileName));
    }

    @Override
    public List<TransferForm> list() {
        return with(c ->
                Sql.list(c, "SELECT * FROM transfer_form ORDER BY image_file_name", SqliteTransferFormRepository::map));
    }

    @Override
    public void save(TransferForm f) {
        Optional<PreparedForm> p = f.prepared();
        try {
            with(c -> Sql.update(
                    c,
                    """
                    INSERT INTO transfer_form (image_file_name, format, state, bytes_done, bytes_total, reason,
                        mapped_bytes, compressed_bytes, segments, index_name, index_size, index_sha256,
                        data_name, data_size, data_sha256, bmap_name, bmap_size, bmap_sha256, updated_at,
                        map_source)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (image_file_name) DO UPDATE SET format = excluded.format, state = excluded.state,
                        bytes_done = excluded.bytes_done, bytes_total = excluded.bytes_total, reason = excluded.reason,
                        mapped_bytes = excluded.mapped_bytes, compressed_bytes = excluded.compressed_bytes,
                        segments = excluded.segments, index_name = excluded.index_name,
                        index_size = excluded.index_size, index_sha256 = excluded.index_sha256,
                        data_name = excluded.data_name, data_size = excluded.data_size,
                        data_sha256 = excluded.data_sha256, bmap_name = excluded.bmap_name,
                        bmap_size = excluded.bmap_size, bmap_sha256 = excluded.bmap_sha256,
                        updated_at = excluded.updated_at, map_source = excluded.map_source""",
                    f.imageFileName(),
                    f.format(),
                    f.state().wireName(),
                    f.bytesDone(),
                    f.bytesTotal(),
                    f.reason(),
                    p.map(PreparedForm::mappedBytes).orElse(null),
                    p.map(PreparedForm::compressedBytes).orElse(null),
                    p.map(PreparedForm::segments).orElse(null),
                    p.map(x -> x.index().name()).orElse(null),
                    p.map(x -> x.index().size()).orElse(null),
                    p.map(x -> x.index().sha256()).orElse(null),
                    p.map(x -> x.data().name()).orElse(null),
                    p.map(x -> x.data().size()).orElse(null),
                    p.map(x -> x.data().sha256()).orElse(null),
                    p.map(x -> x.bmap().name()).orElse(null),
                    p.map(x -> x.bmap().size()).orElse(null),
                    p.map(x -> x.bmap().sha256()).orElse(null),
                    f.updatedAt(),
                    p.map(x -> x.mapSource().wireName()).orElse(MapSource.COMPUTED.wireName())));
        } catch (StorageException e) {
            throw new StorageException(
                    "cannot record the transfer form of %s (is the image registered?): %s"
                            .formatted(f.imageFileName(), e.getMessage()),
                    e);
        }
    }

    private static TransferForm map(ResultSet rs) throws SQLException {
        TransferState state = TransferState.parse(rs.getString("state"));
        Optional<PreparedForm> prepared = Optional.empty();
        if (state == TransferState.READY) {
            prepared = Optional.of(new PreparedForm(
                    rs.getLong("mapped_bytes"),
                    rs.getLong("compressed_bytes"),
                    rs.getInt("segments"),
                    new TransferFile(
                            rs.getString("index_name"), rs.getLong("index_size"), rs.getString("index_sha256")),
                    new TransferFile(rs.getString("data_name"), rs.getLong("data_size"), rs.getString("data_sha256")),
                    new TransferFile(rs.getString("bmap_name"), rs.getLong("bmap_size"), rs.getString("bmap_sha256")),
                    MapSource.parse(rs.getString("map_source"))));
        }
        return new TransferForm(
                rs.getString("image_file_name"),
                rs.getString("format"),
                state,
                rs.getLong("bytes_done"),
                rs.getLong("bytes_total"),
                rs.getString("reason"),
                prepared,
                Sql.instant(rs, "updated_at"));
    }
}
