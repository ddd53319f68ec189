package pideploy.deploy.core.deployment;

import java.util.List;

/**
 * One page of a deployment listing.
 *
 * @param items the deployments of this page, newest first
 * @param total how many match the filter in all
 */
public record DeploymentPage(List<Deployment> items, long total) {
    public DeploymentPage {
        items = List.copyOf(items);
    }
}
