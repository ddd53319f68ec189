/**
 * The deployment API that blank devices call: {@code POST /api/config}, {@code POST /api/status}, {@code GET /health},
 * with the old system's snake_case field names; plus the bridge from the core's committed deployment changes to live
 * events.
 */
package pideploy.deploy.http.helidon.device;
