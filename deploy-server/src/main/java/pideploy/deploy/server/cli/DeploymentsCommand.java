package pideploy.deploy.server.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.manage.DeploymentApi;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;

/** {@code pideploy deployments [--venue V] [--status S] [--format table|json|csv]}. */
@Command(name = "deployments", description = "List deployments, newest first.", mixinStandardHelpOptions = true)
public final class DeploymentsCommand extends AdminCommand {
    @Option(names = "--venue", paramLabel = "V")
    String venue;

    @Option(
            names = "--status",
            paramLabel = "S",
            description = "started, downloading, verifying, customizing, success, failed or booted")
    String status;

    @Option(names = "--limit", defaultValue = "1000", paramLabel = "N")
    int limit;

    @Mixin
    Output output;

    @Override
    void run(Fleet fleet) {
        DeploymentFilter f = parse("limit", Integer.toString(limit), x -> DeploymentFilter.all(limit));
        if (venue != null) {
            f = f.withVenue(parse("venue code", venue, VenueCode::of));
        }
        if (status != null) {
            f = f.withStatus(parse("status", status, DeploymentStatus::parse));
        }
        List<Views.DeploymentView> rows = fleet.core().findDeployments().find(f).items().stream()
                .map(Views.DeploymentView::of)
                .toList();
        List<String> columns = output.format == Output.Format.table
                ? List.of(
                        "id",
                        "hostname",
                        "serial",
                        "venue",
                        "product",
                        "image_version",
                        "status",
                        "bytes_done",
                        "bytes_total",
                        "updated_at",
                        "error_message")
                : DeploymentApi.CSV_COLUMNS;
        output.print(out(), rows, columns);
    }
}
