/**
 * Helidon SE adapter of the deployment server: the device listener (deployment API, image files, health) and the
 * operator listener (management API, live events, metrics, web UI files). Translates HTTP to the core's use cases and
 * back; decides nothing about fleets itself. Everything is wired from {@link pideploy.deploy.http.helidon.RouteTable},
 * the single list of routes that routing and the OpenAPI test share.
 */
package pideploy.deploy.http.helidon;
