package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.deployment.CardIdentity;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.deployment.DeploymentPage;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.DeviceProof;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.deployment.NewDeployment;
import pideploy.deploy.core.deployment.StatusCount;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.port.DeploymentRepository;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Persistence adapter: deployments in table {@code deployment}, their history in {@code deployment_event}. The device
 * secret's hash is written once, when the deployment is added; {@link #update} changes only the refused count.
 */
final class PostgresDeploymentRepository implements DeploymentRepository {
    private final Connection c;

    PostgresDeploymentRepository(Connection c) {
        this.c = c;
    }

    @Override
    public Deployment add(NewDeployment d) {
        long id = Sql.insert(
                c,
                """
                INSERT INTO deployment (serial, mac, client_ip, hostname, product, venue, image_version, batch_id,
                                        status, bytes_done, bytes_total, started_at, updated_at, secret_sha256,
                                        refused_reports, answered_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'started', 0, ?, ?, ?, ?, ?, ?) RETURNING id""",
                Sql.nullable(d.serial()),
                Sql.nullable(d.mac()),
                d.clientIp(),
                d.hostname().value(),
                d.product().value(),
                d.venue().value(),
                d.imageVersion().value(),
                d.batch().map(BatchId::value).orElse(null),
                d.bytesTotal(),
                d.startedAt(),
                d.startedAt(),
                d.proof().secretSha256().orElse(null),
                d.proof().refusedReports(),
                d.answeredBy().map(ServerName::value).orElse(null));
        return Deployment.started(new DeploymentId(id), d);
    }

    @Override
    public void update(Deployment d) {
        int n = Sql.update(
                c,
                """
                UPDATE deployment SET status = ?, bytes_done = ?, bytes_total = ?, updated_at = ?, finished_at = ?,
                       booted_at = ?, message = ?, error_message = ?, failure_step = ?, card_cid = ?, card_name = ?,
                       card_manfid = ?, write_rate = ?, refused_reports = ?
                WHERE id = ?""",
                d.status().wireName(),
                d.bytesDone(),
                d.bytesTotal(),
                d.updatedAt(),
                d.finishedAt().orElse(null),
                d.bootedAt().orElse(null),
                d.message(),
                d.errorMessage(),
                d.failureStep().map(FailureStep::wireName).orElse(null),
                d.card().map(CardIdentity::cid).orElse(null),
                d.card().map(CardIdentity::name).orElse(null),
                d.card().map(CardIdentity::manfid).orElse(null),
                d.writeRate().isPresent() ? d.writeRate().getAsDouble() : null,
                d.proof().refusedReports(),
                d.id().value());
        if (n == 0) {
            throw new StorageException("no deployment " + d.id() + " to update");
        }
    }

    @Override
    public Optional<Deployment> find(DeploymentId id) {
        return Sql.one(c, "SELECT * FROM deployment WHERE id = ?", PostgresDeploymentRepository::map, id.value());
    }

    @Override
    public Optional<Deployment> latestBySerial(SerialNumber serial) {
        return Sql.one(
                c,
                "SELECT * FROM deployment WHERE serial = ? ORDER BY id DESC LIMIT 1",
                PostgresDeploymentRepository::map,
                serial.value());
    }

    @Override
    public Optional<Deployment> latestByHostname(Hostname hostname) {
        return Sql.one(
                c,
                "SELECT * FROM deployment WHERE hostname = ? ORDER BY id DESC LIMIT 1",
                PostgresDeploymentRepository::map,
                hostname.value());
    }

    @Override
    public Optional<Deployment> latestByMac(MacAddress mac) {
        return Sql.one(
                c,
                "SELECT * FROM deployment WHERE mac = ? ORDER BY id DESC LIMIT 1",
                PostgresDeploymentRepository::map,
                mac.value());
    }

    @Override
    public DeploymentPage find(DeploymentFilter f) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        f.venue().ifPresent(v -> add(where, params, " AND venue = ?", v.value()));
        f.product().ifPresent(p -> add(where, params, " AND product = ?", p.value()));
        f.status().ifPresent(s -> add(where, params, " AND status = ?", s.wireName()));
        f.hostname().ifPresent(h -> add(where, params, " AND hostname = ?", h.value()));
        f.serial().ifPresent(s -> add(where, params, " AND serial = ?", s.value()));
        f.from().ifPresent(t -> add(where, params, " AND started_at >= ?", t));
        f.to().ifPresent(t -> add(where, params, " AND started_at < ?", t));
        long total = Sql.count(c, "SELECT count(*) FROM deployment" + where, params.toArray());
        List<Object> paged = new ArrayList<>(params);
        paged.add(f.limit());
        paged.add(f.offset());
        List<Deployment> items = Sql.list(
                c,
                "SELECT * FROM deployment" + where + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
                PostgresDeploymentRepository::map,
                paged.toArray());
        return new DeploymentPage(items, total);
    }

    private static void add(StringBuilder where, List<Object> params, String clause, Object value) {
        where.append(clause);
        params.add(value);
    }

    @Override
    public List<Deployment> successNotBootedBefore(Instant cutoff) {
        return Sql.list(c, """
                SELECT * FROM deployment WHERE status = 'success' AND finished_at < ?
                ORDER BY finished_at, id""", PostgresDeploymentRepository::map, cutoff);
    }

    @Override
    public List<Deployment> unfinishedHoldersIdleBefore(Instant idleBefore) {
        return Sql.list(c, """
                SELECT d.* FROM deployment AS d JOIN pool_entry AS p ON p.hostname = d.hostname
                WHERE p.state = 'assigned'
                  AND d.id = (SELECT max(l.id) FROM deployment AS l WHERE l.hostname = d.hostname)
                  AND d.status NOT IN ('success', 'booted') AND d.updated_at < ?
                ORDER BY d.updated_at, d.id""", PostgresDeploymentRepository::map, idleBefore);
    }

    @Override
    public List<Deployment> finishedInBatch(BatchId batch, Instant since, int limit) {
        return Sql.list(c, """
                SELECT * FROM deployment
                WHERE batch_id = ? AND finished_at IS NOT NULL AND finished_at >= ?
                  AND status IN ('success', 'booted', 'failed')
                ORDER BY finished_at DESC, id DESC LIMIT ?""", PostgresDeploymentRepository::map, batch.value(), since, limit);
    }

    @Override
    public List<Deployment> inFlightIdleBefore(Instant idleBefore) {
        return Sql.list(c, """
                SELECT * FROM deployment
                WHERE status IN ('started', 'downloading', 'verifying', 'customizing') AND updated_at < ?
                ORDER BY updated_at, id""", PostgresDeploymentRepository::map, idleBefore);
    }

    @Override
    public int thinProgressEvents(Instant endedBefore) {
        return Sql.update(c, """
                DELETE FROM deployment_event AS e
                WHERE e.type = 'progress'
                  AND e.deployment_id IN (SELECT id FROM deployment
                                          WHERE status IN ('success', 'booted') AND finished_at < ?)
                  AND e.sequence <> (SELECT max(l.sequence) FROM deployment_event AS l
                                     WHERE l.deployment_id = e.deployment_id AND l.type = 'progress'
                                       AND l.status = e.status)""", endedBefore);
    }

    @Override
    public DeploymentEvent addEvent(Deployment d, EventType type, String message, Instant at) {
        String text = message == null ? "" : message;
        long sequence = Sql.insert(
                c,
                """
                INSERT INTO deployment_event (deployment_id, at, type, status, bytes_done, bytes_total, message)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING sequence""",
                d.id().value(),
                at,
                type.wireName(),
                d.status().wireName(),
                d.bytesDone(),
                d.bytesTotal(),
                text);
        return new DeploymentEvent(sequence, d.id(), at, type, d.status(), d.bytesDone(), d.bytesTotal(), text);
    }

    @Override
    public List<DeploymentEvent> history(DeploymentId id) {
        return Sql.list(
                c,
                "SELECT * FROM deployment_event WHERE deployment_id = ? ORDER BY sequence",
                PostgresDeploymentRepository::mapEvent,
                id.value());
    }

    @Override
    public List<DeploymentEvent> eventsAfter(long afterSequence, int limit) {
        return Sql.list(
                c,
                "SELECT * FROM deployment_event WHERE sequence > ? ORDER BY sequence LIMIT ?",
                PostgresDeploymentRepository::mapEvent,
                afterSequence,
                limit);
    }

    @Override
    public long lastEventSequence() {
        return Sql.count(c, "SELECT coalesce(max(sequence), 0) FROM deployment_event");
    }

    @Override
    public List<StatusCount> statusCounts() {
        return Sql.list(
                c,
                """
                SELECT venue, product, status, count(*) AS n FROM deployment
                GROUP BY venue, product, status ORDER BY venue, product, status""",
                rs -> new StatusCount(
                        VenueCode.of(rs.getString("venue")),
                        ProductCode.of(rs.getString("product")),
                        DeploymentStatus.parse(rs.getString("status")),
                        rs.getLong("n")));
    }

    private static DeploymentEvent mapEvent(ResultSet rs) throws SQLException {
        return new DeploymentEvent(
                rs.getLong("sequence"),
                new DeploymentId(rs.getLong("deployment_id")),
                Sql.instant(rs, "at"),
                EventType.valueOf(rs.getString("type").toUpperCase(Locale.ROOT)),
                DeploymentStatus.parse(rs.getString("status")),
                rs.getLong("bytes_done"),
                rs.getLong("bytes_total"),
                rs.getString("message"));
    }

    private static Deployment map(ResultSet rs) throws SQLException {
        long batch = rs.getLong("batch_id");
        Optional<BatchId> batchId = rs.wasNull() ? Optional.empty() : Optional.of(new BatchId(batch));
        double rate = rs.getDouble("write_rate");
        OptionalDouble writeRate = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(rate);
        String cid = rs.getString("card_cid");
        Optional<CardIdentity> card = cid == null
                ? Optional.empty()
                : Optional.of(new CardIdentity(cid, rs.getString("card_name"), rs.getString("card_manfid")));
        return new Deployment(
                new DeploymentId(rs.getLong("id")),
                Sql.optionalString(rs, "serial").map(SerialNumber::of),
                Sql.optionalString(rs, "mac").map(MacAddress::of),
                rs.getString("client_ip"),
                Hostname.of(rs.getString("hostname")),
                ProductCode.of(rs.getString("product")),
                VenueCode.of(rs.getString("venue")),
                ImageVersion.of(rs.getString("image_version")),
                batchId,
                DeploymentStatus.parse(rs.getString("status")),
                rs.getLong("bytes_done"),
                rs.getLong("bytes_total"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "updated_at"),
                Sql.optionalInstant(rs, "finished_at"),
                Sql.optionalInstant(rs, "booted_at"),
                rs.getString("message"),
                rs.getString("error_message"),
                Sql.optionalString(rs, "failure_step").map(FailureStep::parse),
                card,
                writeRate,
                new DeviceProof(Sql.optionalString(rs, "secret_sha256"), rs.getLong("refused_reports")),
                Sql.optionalString(rs, "answered_by").map(ServerName::of));
    }
}
