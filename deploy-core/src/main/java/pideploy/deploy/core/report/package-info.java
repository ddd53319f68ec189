/**
 * Reports on past deployments: the facts a store hands out ({@link pideploy.deploy.core.report.DeploymentFact}),
 * the period and scope asked for ({@link pideploy.deploy.core.report.ReportFilter}), and the arithmetic that turns
 * them into rows ({@link pideploy.deploy.core.report.Statistics}). No storage, no I/O: the
 * {@code ReportRepository} port finds the facts, the {@code BuildReport} use case groups them.
 */
package pideploy.deploy.core.report;
