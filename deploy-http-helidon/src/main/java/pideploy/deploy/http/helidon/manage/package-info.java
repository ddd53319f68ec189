/**
 * The management API under {@code /api/v1} for operators: venues, products, pools, batches, images, deployments,
 * users, audit log, system facts. Every state-changing call is recorded in the audit log with who, what and from
 * where. Outcomes of the core are switched over exhaustively and mapped to statuses here.
 */
package pideploy.deploy.http.helidon.manage;
