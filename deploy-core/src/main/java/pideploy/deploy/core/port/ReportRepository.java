package pideploy.deploy.core.port;

import java.util.List;
import pideploy.deploy.core.report.DeploymentFact;
import pideploy.deploy.core.report.ReportFilter;

/**
 * Read-only access to what reports are computed from. Used inside a {@link FleetStore} read transaction, so one
 * report sees one consistent snapshot. The store filters; the core does the arithmetic (ADR-0057).
 */
public interface ReportRepository {
    /**
     * The facts of every deployment the filter matches (started in {@code [from, to)}, venue and product when named),
     * oldest first (start time, then id); empty when there are none.
     */
    List<DeploymentFact> deployments(ReportFilter filter);
}
