/**
 * The deploy core: PiDeploy's server-side domain (venues, products, hostname pools, batches, master images,
 * deployments), its use cases and the driven ports adapters implement. Plain Java plus disk-image only.
 *
 * <p>Layering, without package cycles (ADR 0005): feature packages ({@code venue}, {@code product},
 * {@code device}, {@code hostname}, {@code pool}, {@code batch}, {@code image}, {@code deployment},
 * {@code operator}) hold values and entities and depend only on each other in one direction;
 * {@code port} declares the driven ports over those types; {@code usecase} holds the use cases and the
 * {@code DeployCore} facade that builds them. This root package only holds {@link pideploy.deploy.core.DeployException}.
 */
package pideploy.deploy.core;
