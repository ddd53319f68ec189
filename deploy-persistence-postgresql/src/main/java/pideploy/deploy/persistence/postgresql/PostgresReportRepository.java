package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import pideploy.deploy.core.deployment.CardIdentity;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.port.ReportRepository;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.report.DeploymentFact;
import pideploy.deploy.core.report.ReportFilter;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Report facts from table {@code deployment}: only the columns a report uses, found through the start-time index
 * ({@code deployment_by_start}), so a month's report does not read messages or secrets of every deployment.
 */
final class PostgresReportRepository implements ReportRepository {
    private final Connection c;

    PostgresReportRepository(Connection c) {
        this.c = c;
    }

    @Override
    public List<DeploymentFact> deployments(ReportFilter f) {
        String venue = f.venue().map(VenueCode::value).orElse(null);
        String product = f.product().map(ProductCode::value).orElse(null);
        return Sql.list(c, """
                SELECT id, venue, product, status, started_at, finished_at, booted_at, failure_step,
                       card_cid, card_name, card_manfid, write_rate
                FROM deployment
                WHERE started_at >= ? AND started_at < ?
                  AND (CAST(? AS TEXT) IS NULL OR venue = ?) AND (CAST(? AS TEXT) IS NULL OR product = ?)
                ORDER BY started_at, id""", PostgresReportRepository::map, f.from(), f.to(), venue, venue, product, product);
    }

    private static DeploymentFact map(ResultSet rs) throws SQLException {
        double rate = rs.getDouble("write_rate");
        OptionalDouble writeRate = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(rate);
        String cid = rs.getString("card_cid");
        Optional<CardIdentity> card = cid == null
                ? Optional.empty()
                : Optional.of(new CardIdentity(cid, rs.getString("card_name"), rs.getString("card_manfid")));
        return new DeploymentFact(
                rs.getLong("id"),
                VenueCode.of(rs.getString("venue")),
                ProductCode.of(rs.getString("product")),
                DeploymentStatus.parse(rs.getString("status")),
                Sql.instant(rs, "started_at"),
                Sql.optionalInstant(rs, "finished_at"),
                Sql.optionalInstant(rs, "booted_at"),
                Sql.optionalString(rs, "failure_step").map(FailureStep::parse),
                card,
                writeRate);
    }
}
